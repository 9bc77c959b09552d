package io.smgov.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flattens the report formats SageMaker pipelines register into numeric metrics. Pure.
 *
 * <ul>
 *   <li>Model quality statistics and evaluation.json: {@code {"<x>_metrics": {"<name>": {"value":
 *       v, "standard_deviation": s | "NaN"}}}};
 *   <li>Clarify analysis (bias, explainability): facet metrics and global SHAP values;
 *   <li>Data quality statistics: per-feature numerical and string statistics.
 * </ul>
 *
 * Constraint files hold thresholds, not metrics: they parse to none.
 */
public final class MetricReportParser {
  /** Reports may hold bare NaN/Infinity tokens; the "NaN" string form is handled per value. */
  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonParser.Feature.ALLOW_COMMENTS)
          .build();

  private static final Set<String> BIAS_SECTIONS =
      Set.of("pre_training_bias_metrics", "post_training_bias_metrics");
  private static final List<String> NUMERICAL_STATISTICS =
      List.of("mean", "sum", "std_dev", "min", "max");

  private MetricReportParser() {}

  /** One metric of a report. */
  public record Metric(String group, String name, double value, Double standardDeviation) {}

  /** Thrown for a report that is not JSON. */
  public static final class UnparseableReportException extends Exception {
    private static final long serialVersionUID = 1L;

    UnparseableReportException(String message) {
      super(message);
    }
  }

  public static List<Metric> parse(byte[] content) throws UnparseableReportException {
    return metrics(object(content));
  }

  /** The report as a JSON object (NaN allowed), or the reason it is not one. */
  static JsonNode object(byte[] content) throws UnparseableReportException {
    JsonNode root;
    try {
      root = LENIENT.readTree(content);
    } catch (IOException e) {
      String message = ErrorKind.describe(e);
      int newline = message.indexOf('\n');
      throw new UnparseableReportException(
          "not JSON: " + (newline > 0 ? message.substring(0, newline) : message));
    }
    if (root == null || !root.isObject()) {
      throw new UnparseableReportException("not a JSON object");
    }
    return root;
  }

  static List<Metric> metrics(JsonNode root) {
    List<Metric> metrics = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> sections = root.fields();
    while (sections.hasNext()) {
      Map.Entry<String, JsonNode> section = sections.next();
      String key = section.getKey();
      JsonNode value = section.getValue();
      if (BIAS_SECTIONS.contains(key)) {
        bias(key, value, metrics);
      } else if (key.equals("explanations")) {
        explanations(value, metrics);
      } else if (key.equals("features") && value.isArray()) {
        features(value, metrics);
      } else if (key.endsWith("_metrics") && value.isObject()) {
        value.fields().forEachRemaining(m -> metric(key, m.getKey(), m.getValue(), metrics));
      }
    }
    return metrics;
  }

  /** {@code {"value": v, "standard_deviation": s}}; a non-numeric value is not a metric. */
  private static void metric(String group, String name, JsonNode node, List<Metric> metrics) {
    if (!node.isObject()) {
      return;
    }
    Double value = number(node.get("value"));
    if (value == null) {
      return;
    }
    metrics.add(new Metric(group, name, value, number(node.get("standard_deviation"))));
  }

  private static void bias(String section, JsonNode node, List<Metric> metrics) {
    JsonNode facets = node.path("facets");
    facets
        .fields()
        .forEachRemaining(
            facet -> {
              for (JsonNode value : facet.getValue()) {
                String group =
                    section
                        + "."
                        + facet.getKey()
                        + "="
                        + value.path("value_or_threshold").asText();
                for (JsonNode metric : value.path("metrics")) {
                  Double number = number(metric.get("value"));
                  if (number != null && metric.hasNonNull("name")) {
                    metrics.add(new Metric(group, metric.get("name").asText(), number, null));
                  }
                }
              }
            });
  }

  private static void explanations(JsonNode node, List<Metric> metrics) {
    node.fields()
        .forEachRemaining(
            method ->
                method
                    .getValue()
                    .fields()
                    .forEachRemaining(
                        label -> {
                          String group = "explanations." + method.getKey() + "." + label.getKey();
                          label
                              .getValue()
                              .path("global_shap_values")
                              .fields()
                              .forEachRemaining(
                                  feature -> {
                                    Double value = number(feature.getValue());
                                    if (value != null) {
                                      metrics.add(new Metric(group, feature.getKey(), value, null));
                                    }
                                  });
                        }));
  }

  private static void features(JsonNode features, List<Metric> metrics) {
    for (JsonNode feature : features) {
      String group = "feature." + feature.path("name").asText("?");
      JsonNode numerical = feature.path("numerical_statistics");
      JsonNode string = feature.path("string_statistics");
      JsonNode common = numerical.isObject() ? numerical.path("common") : string.path("common");
      for (String count : List.of("num_present", "num_missing")) {
        Double value = number(common.get(count));
        if (value != null) {
          metrics.add(new Metric(group, count, value, null));
        }
      }
      for (String statistic : NUMERICAL_STATISTICS) {
        Double value = number(numerical.get(statistic));
        if (value != null) {
          metrics.add(new Metric(group, statistic, value, null));
        }
      }
      Double distinct = number(string.get("distinct_count"));
      if (distinct != null) {
        metrics.add(new Metric(group, "distinct_count", distinct, null));
      }
    }
  }

  /** A finite number, else null ("NaN" strings, NaN tokens, missing). */
  private static Double number(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return null;
    }
    double value = node.asDouble();
    return Double.isFinite(value) ? value : null;
  }
}
