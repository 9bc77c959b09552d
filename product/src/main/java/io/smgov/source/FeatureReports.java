package io.smgov.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smgov.model.FeatureConstraintRow;
import io.smgov.model.FeatureStatisticRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A version's data-quality reports in the Model Monitor (Deequ) formats: statistics.json, one entry
 * per feature with numerical or string statistics and their distribution, and constraints.json, one
 * entry per feature with its completeness, sign and domain. A report in another format is {@link
 * MetricReportParser.UnparseableReportException} with the reason, as metric reports are.
 *
 * <p>Quantiles are estimated from the KLL distribution's buckets (Model Monitor materialises ten),
 * interpolating linearly inside a bucket; the buckets themselves are kept as the histogram.
 */
public final class FeatureReports {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most frequent values of a string feature kept in top_values. */
  static final int TOP_VALUES = 10;

  private FeatureReports() {}

  /** The features of a statistics.json report. */
  public static List<FeatureStatisticRow> statistics(String version, JsonNode root)
      throws MetricReportParser.UnparseableReportException {
    JsonNode features = features(root, "statistics");
    Long items = longOrNull(root.path("dataset").path("item_count"));
    List<FeatureStatisticRow> rows = new ArrayList<>();
    for (JsonNode f : features) {
      String name = f.path("name").asText(null);
      if (name == null) {
        throw new MetricReportParser.UnparseableReportException(
            "a feature of the statistics has no name");
      }
      JsonNode numbers = f.path("numerical_statistics");
      JsonNode strings = f.path("string_statistics");
      JsonNode common = numbers.isObject() ? numbers.path("common") : strings.path("common");
      double[] quantiles = quantiles(numbers.path("distribution").path("kll").path("buckets"));
      rows.add(
          new FeatureStatisticRow(
              version,
              name,
              f.path("inferred_type").asText(null),
              items,
              longOrNull(common.path("num_present")),
              longOrNull(common.path("num_missing")),
              doubleOrNull(numbers.path("mean")),
              doubleOrNull(numbers.path("std_dev")),
              doubleOrNull(numbers.path("min")),
              doubleOrNull(numbers.path("max")),
              quantiles == null ? null : quantiles[0],
              quantiles == null ? null : quantiles[1],
              quantiles == null ? null : quantiles[2],
              quantiles == null ? null : quantiles[3],
              quantiles == null ? null : quantiles[4],
              longOrNull(strings.path("distinct_count")),
              topValues(strings.path("distribution").path("categorical").path("buckets")),
              histogram(numbers.path("distribution").path("kll").path("buckets"))));
    }
    return rows;
  }

  /** The features of a constraints.json report. */
  public static List<FeatureConstraintRow> constraints(String version, JsonNode root)
      throws MetricReportParser.UnparseableReportException {
    List<FeatureConstraintRow> rows = new ArrayList<>();
    for (JsonNode f : features(root, "constraints")) {
      String name = f.path("name").asText(null);
      if (name == null) {
        throw new MetricReportParser.UnparseableReportException(
            "a feature of the constraints has no name");
      }
      JsonNode domains = f.path("string_constraints").path("domains");
      rows.add(
          new FeatureConstraintRow(
              version,
              name,
              f.path("inferred_type").asText(null),
              doubleOrNull(f.path("completeness")),
              f.path("num_constraints").path("is_non_negative").isBoolean()
                  ? f.path("num_constraints").path("is_non_negative").asBoolean()
                  : null,
              domains.isArray() ? domains.size() : null,
              domains.isArray() ? domains.toString() : null));
    }
    return rows;
  }

  private static JsonNode features(JsonNode root, String what)
      throws MetricReportParser.UnparseableReportException {
    JsonNode features = root.path("features");
    if (!features.isArray()) {
      throw new MetricReportParser.UnparseableReportException(
          "not Model Monitor "
              + what
              + ": no \"features\" array (statistics.json and constraints.json have one)");
    }
    return features;
  }

  /**
   * p5, p25, p50, p75, p95 from histogram buckets ({lower_bound, upper_bound, count}), null when
   * there are none or they hold nothing.
   */
  static double[] quantiles(JsonNode buckets) {
    List<double[]> list = buckets(buckets);
    double total = list.stream().mapToDouble(b -> b[2]).sum();
    if (list.isEmpty() || total <= 0) {
      return null;
    }
    double[] probabilities = {0.05, 0.25, 0.5, 0.75, 0.95};
    double[] out = new double[probabilities.length];
    for (int q = 0; q < probabilities.length; q++) {
      double target = probabilities[q] * total;
      double seen = 0;
      out[q] = list.get(list.size() - 1)[1];
      for (double[] b : list) {
        if (b[2] > 0 && seen + b[2] >= target) {
          out[q] = b[0] + (b[1] - b[0]) * ((target - seen) / b[2]);
          break;
        }
        seen += b[2];
      }
    }
    return out;
  }

  private static List<double[]> buckets(JsonNode buckets) {
    List<double[]> list = new ArrayList<>();
    for (JsonNode b : buckets) {
      Double lower = doubleOrNull(b.path("lower_bound"));
      Double upper = doubleOrNull(b.path("upper_bound"));
      Double count = doubleOrNull(b.path("count"));
      if (lower != null && upper != null && count != null) {
        list.add(new double[] {lower, upper, count});
      }
    }
    list.sort(Comparator.comparingDouble(b -> b[0]));
    return list;
  }

  /**
   * The buckets as [[lower, upper, count], ...] in order, for a chart; null when there are none.
   */
  private static String histogram(JsonNode buckets) {
    List<double[]> list = buckets(buckets);
    if (list.isEmpty()) {
      return null;
    }
    ArrayNode out = JSON.createArrayNode();
    list.forEach(b -> out.addArray().add(b[0]).add(b[1]).add((long) b[2]));
    return out.toString();
  }

  /** The most frequent values, most frequent first, as [[value, count], ...]; null when none. */
  private static String topValues(JsonNode buckets) {
    List<JsonNode> list = new ArrayList<>();
    buckets.forEach(list::add);
    if (list.isEmpty()) {
      return null;
    }
    list.sort(
        Comparator.comparingLong((JsonNode b) -> -b.path("count").asLong())
            .thenComparing(b -> b.path("value").asText()));
    ArrayNode out = JSON.createArrayNode();
    list.stream()
        .limit(TOP_VALUES)
        .forEach(b -> out.addArray().add(b.path("value").asText()).add(b.path("count").asLong()));
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Long longOrNull(JsonNode node) {
    return node.isNumber() ? node.asLong() : null;
  }

  private static Double doubleOrNull(JsonNode node) {
    return node.isNumber() ? node.asDouble() : null;
  }
}
