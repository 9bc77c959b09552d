package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.smgov.aws.SdkJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Amazon CloudWatch {@code GetMetricData} over the AWS Query protocol (form-encoded POST, XML answers),
 * computed from the portfolio's data points (PutMetricData shapes): Sum, SampleCount, Average,
 * Minimum, Maximum and percentiles (pNN, from datums with Value or Values/Counts) per period, at the
 * real limits (500 queries, 100,800 data points per page, then NextToken).
 */
final class CloudWatchService {
  private static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
  static final int MAX_QUERIES = 500;
  static final int MAX_DATAPOINTS = 100_800;
  private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");
  private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d+)?)");

  private final Portfolio portfolio;

  CloudWatchService(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  record Answer(String operation, SimResponse response) {}

  Answer handle(SimRequest request) {
    Map<String, String> form = StsService.form(new String(request.body(), StandardCharsets.UTF_8));
    String action = form.getOrDefault("Action", "");
    if (!action.equals("GetMetricData")) {
      return new Answer(action.isEmpty() ? "Unknown" : action,
          error(400, "InvalidAction", "The simulator serves GetMetricData only, not " + action));
    }
    try {
      return new Answer(action, getMetricData(form, portfolio.region(request.caller().account(), request.region())));
    } catch (ApiException e) {
      return new Answer(action, error(e.status(), e.code(), e.getMessage()));
    }
  }

  /** One query of a request. */
  private record Query(String id, String namespace, String metric, Map<String, String> dimensions, int period, String stat, boolean returnData) {}

  private SimResponse getMetricData(Map<String, String> form, Portfolio.RegionData data) {
    Instant start = time(form, "StartTime");
    Instant end = time(form, "EndTime");
    if (!start.isBefore(end)) {
      throw invalid("The parameter StartTime must be less than the parameter EndTime.");
    }
    List<Query> queries = queries(form);
    boolean descending = !"TimestampAscending".equals(form.getOrDefault("ScanBy", "TimestampDescending"));
    int limit = Math.min(MAX_DATAPOINTS, Integer.parseInt(form.getOrDefault("MaxDatapoints", String.valueOf(MAX_DATAPOINTS))));
    int from = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken").replace("smgov-sim:", "")) : 0;
    StringBuilder results = new StringBuilder();
    int points = 0;
    int next = -1;
    for (int q = from; q < queries.size(); q++) {
      Query query = queries.get(q);
      if (!query.returnData()) {
        continue;
      }
      TreeMap<Instant, Double> series = series(query, data, start, end);
      if (points > 0 && points + series.size() > limit) {
        next = q;
        break;
      }
      points += series.size();
      List<Map.Entry<Instant, Double>> entries = new ArrayList<>(series.entrySet());
      if (descending) {
        entries.sort(Map.Entry.<Instant, Double>comparingByKey(Comparator.reverseOrder()));
      }
      results.append("<member><Id>").append(query.id()).append("</Id><Label>").append(StsService.xml(query.metric()))
          .append("</Label><StatusCode>Complete</StatusCode><Timestamps>");
      entries.forEach(e -> results.append("<member>").append(e.getKey()).append("</member>"));
      results.append("</Timestamps><Values>");
      entries.forEach(e -> results.append("<member>").append(e.getValue()).append("</member>"));
      results.append("</Values></member>");
    }
    String body = "<GetMetricDataResponse xmlns=\"" + NAMESPACE + "\"><GetMetricDataResult><MetricDataResults>" + results
        + "</MetricDataResults>" + (next >= 0 ? "<NextToken>smgov-sim:" + next + "</NextToken>" : "")
        + "<Messages/></GetMetricDataResult><ResponseMetadata><RequestId>" + java.util.UUID.randomUUID()
        + "</RequestId></ResponseMetadata></GetMetricDataResponse>";
    return SimResponse.of(200, "text/xml", body);
  }

  private static List<Query> queries(Map<String, String> form) {
    List<Query> queries = new ArrayList<>();
    for (int n = 1; form.containsKey("MetricDataQueries.member." + n + ".Id"); n++) {
      String p = "MetricDataQueries.member." + n + ".";
      if (form.containsKey(p + "Expression")) {
        throw invalid("The simulator answers MetricStat queries, not metric math (" + p + "Expression)");
      }
      String id = form.get(p + "Id");
      if (!ID.matcher(id).matches()) {
        throw invalid("The value " + id + " for parameter MetricDataQueries.member." + n + ".Id is not valid: it must start with a"
            + " lower-case letter and hold only letters, digits and underscores.");
      }
      Map<String, String> dimensions = new TreeMap<>();
      for (int d = 1; form.containsKey(p + "MetricStat.Metric.Dimensions.member." + d + ".Name"); d++) {
        String dp = p + "MetricStat.Metric.Dimensions.member." + d + ".";
        dimensions.put(form.get(dp + "Name"), form.get(dp + "Value"));
      }
      int period = Integer.parseInt(form.getOrDefault(p + "MetricStat.Period", "0"));
      if (period < 1 || (period >= 60 && period % 60 != 0)) {
        throw invalid("The parameter MetricDataQueries.member." + n + ".MetricStat.Period must be a multiple of 60.");
      }
      String stat = form.get(p + "MetricStat.Stat");
      if (stat == null || !(List.of("Sum", "SampleCount", "Average", "Minimum", "Maximum").contains(stat) || PERCENTILE.matcher(stat).matches())) {
        throw invalid("The parameter MetricDataQueries.member." + n + ".MetricStat.Stat '" + stat + "' is not a statistic the simulator computes.");
      }
      queries.add(new Query(id, form.get(p + "MetricStat.Metric.Namespace"), form.get(p + "MetricStat.Metric.MetricName"), dimensions,
          period, stat, !"false".equals(form.get(p + "ReturnData"))));
    }
    if (queries.isEmpty()) {
      throw invalid("The parameter MetricDataQueries is required.");
    }
    if (queries.size() > MAX_QUERIES) {
      throw new ApiException(400, "ValidationError",
          "The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
    }
    return queries;
  }

  /** The statistic per period, keyed by the period's start; periods without samples have no point. */
  private static TreeMap<Instant, Double> series(Query query, Portfolio.RegionData data, Instant start, Instant end) {
    TreeMap<Instant, List<double[]>> buckets = new TreeMap<>();
    String key = Portfolio.RegionData.seriesKey(query.namespace(), query.metric(), query.dimensions());
    for (JsonNode datum : data.metricSeries.getOrDefault(key, List.of())) {
      Instant at = SdkJson.parseTimestamp(datum.path("Timestamp")).orElseThrow();
      if (at.isBefore(start) || !at.isBefore(end)) {
        continue;
      }
      long offset = (at.getEpochSecond() - start.getEpochSecond()) / query.period();
      buckets.computeIfAbsent(start.plusSeconds(offset * query.period()), k -> new ArrayList<>()).addAll(samples(datum));
    }
    TreeMap<Instant, Double> series = new TreeMap<>();
    buckets.forEach((bucket, samples) -> {
      Double value = statistic(query.stat(), samples);
      if (value != null) {
        series.put(bucket, value);
      }
    });
    return series;
  }

  /**
   * A datum's samples as {value, weight} pairs; StatisticValues become one aggregate entry
   * {sum, count, min, max, -1} that serves Sum/SampleCount/Average/Minimum/Maximum but no percentile.
   */
  private static List<double[]> samples(JsonNode datum) {
    List<double[]> samples = new ArrayList<>();
    if (datum.has("Values")) {
      JsonNode counts = datum.path("Counts");
      for (int i = 0; i < datum.get("Values").size(); i++) {
        samples.add(new double[] {datum.get("Values").get(i).asDouble(), counts.has(i) ? counts.get(i).asDouble() : 1});
      }
    } else if (datum.has("StatisticValues")) {
      JsonNode s = datum.get("StatisticValues");
      samples.add(new double[] {s.path("Sum").asDouble(), s.path("SampleCount").asDouble(), s.path("Minimum").asDouble(),
          s.path("Maximum").asDouble(), -1});
    } else if (datum.has("Value")) {
      samples.add(new double[] {datum.get("Value").asDouble(), 1});
    }
    return samples;
  }

  private static Double statistic(String stat, List<double[]> samples) {
    double sum = 0;
    double count = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    List<double[]> points = new ArrayList<>();
    for (double[] s : samples) {
      if (s.length == 5) {
        sum += s[0];
        count += s[1];
        min = Math.min(min, s[2]);
        max = Math.max(max, s[3]);
      } else {
        sum += s[0] * s[1];
        count += s[1];
        min = Math.min(min, s[0]);
        max = Math.max(max, s[0]);
        points.add(s);
      }
    }
    if (count == 0) {
      return null;
    }
    switch (stat) {
      case "Sum":
        return sum;
      case "SampleCount":
        return count;
      case "Average":
        return sum / count;
      case "Minimum":
        return min;
      case "Maximum":
        return max;
      default:
        return percentile(Double.parseDouble(stat.substring(1)), points);
    }
  }

  /** Nearest rank over the weighted samples; null without individual samples. */
  private static Double percentile(double p, List<double[]> points) {
    if (points.isEmpty()) {
      return null;
    }
    points.sort(Comparator.comparingDouble(s -> s[0]));
    double total = points.stream().mapToDouble(s -> s[1]).sum();
    double rank = Math.ceil(p / 100.0 * total);
    double seen = 0;
    for (double[] s : points) {
      seen += s[1];
      if (seen >= rank) {
        return s[0];
      }
    }
    return points.get(points.size() - 1)[0];
  }

  private static Instant time(Map<String, String> form, String member) {
    String text = form.get(member);
    if (text == null) {
      throw invalid("The parameter " + member + " is required.");
    }
    return SdkJson.parseTimestamp(text).orElseThrow(() -> invalid("The parameter " + member + " is not a timestamp: " + text));
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, "InvalidParameterValue", message);
  }

  private static SimResponse error(int status, String code, String message) {
    String body = "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
        + StsService.xml(message) + "</Message></Error><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>";
    return SimResponse.of(status, "text/xml", body).withErrorCode(code);
  }
}
