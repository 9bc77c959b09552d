package io.smgov.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.wire.SdkJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * Amazon CloudWatch over the AWS Query protocol (form-encoded POST, XML answers), the protocol the
 * SDK's CloudWatchClient sends. {@code GetMetricData} is computed from the portfolio's data points
 * (PutMetricData shapes): Sum, SampleCount, Average, Minimum, Maximum and percentiles (pNN, from
 * datums with Value or Values/Counts) per period, at the real limits (500 queries, 100,800 data
 * points per page, then NextToken). {@code DescribeAlarms} serves the portfolio's metric and
 * composite alarms. A role's DeniedActions refuse either with AccessDenied (HTTP 403).
 */
final class CloudWatchService {
  private static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
  static final int MAX_QUERIES = 500;
  static final int MAX_DATAPOINTS = 100_800;
  private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");
  private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d+)?)");

  /**
   * DescribeAlarms MaxRecords: 1-100; 50 when absent (observed; the API reference gives no
   * default).
   */
  static final int MAX_RECORDS = 100;

  static final int DEFAULT_MAX_RECORDS = 50;
  static final int MAX_ALARM_NAMES = 100;

  /** StateValue and AlarmType, in the model's order. */
  private static final List<String> STATES = List.of("OK", "ALARM", "INSUFFICIENT_DATA");

  private static final List<String> ALARM_TYPES = List.of("CompositeAlarm", "MetricAlarm");

  private final Portfolio portfolio;

  CloudWatchService(Portfolio portfolio) {
    this.portfolio = portfolio;
  }

  /** The answer, and how many alarms a DescribeAlarms page held (-1 for other calls). */
  record Answer(String operation, SimResponse response, int items) {}

  /**
   * One request; {@code denied} says whether the caller's role is refused an IAM action (such as
   * {@code cloudwatch:DescribeAlarms}), answered as CloudWatch's AccessDenied.
   */
  Answer handle(SimRequest request, Predicate<String> denied) {
    String target = request.header("X-Amz-Target");
    if (target != null) {
      // CloudWatch also speaks AWS JSON 1.0 (newer botocore/AWS CLI use it); the simulator does
      // not.
      return new Answer(
          target.substring(target.lastIndexOf('.') + 1),
          Simulator.jsonError(
              400,
              "InvalidAction",
              "The simulator serves CloudWatch over the AWS Query protocol only (form-encoded POST, as the AWS SDK for"
                  + " Java 2.x sends it), not AWS JSON 1.0 (X-Amz-Target "
                  + target
                  + ")"),
          -1);
    }
    Map<String, String> form = StsService.form(new String(request.body(), StandardCharsets.UTF_8));
    String action = form.getOrDefault("Action", "");
    if (!action.equals("GetMetricData") && !action.equals("DescribeAlarms")) {
      return new Answer(
          action.isEmpty() ? "Unknown" : action,
          error(
              400,
              "InvalidAction",
              "The simulator serves GetMetricData and DescribeAlarms only, not " + action),
          -1);
    }
    String iamAction = "cloudwatch:" + action;
    if (denied.test(iamAction)) {
      // DescribeAlarms is authorized on alarm resources, so AWS names them; GetMetricData has none.
      String resource =
          action.equals("DescribeAlarms")
              ? " on resource: arn:aws:cloudwatch:"
                  + request.region()
                  + ":"
                  + request.caller().account()
                  + ":alarm:*"
              : "";
      return new Answer(
          action,
          error(
              403,
              "AccessDenied",
              "User: "
                  + request.caller().arn()
                  + " is not authorized to perform: "
                  + iamAction
                  + resource
                  + " because no identity-based policy allows the "
                  + iamAction
                  + " action"),
          -1);
    }
    Portfolio.RegionData data = portfolio.region(request.caller().account(), request.region());
    try {
      if (action.equals("DescribeAlarms")) {
        return describeAlarms(form, data);
      }
      return new Answer(action, getMetricData(form, data), -1);
    } catch (ApiException e) {
      return new Answer(action, error(e.status(), e.code(), e.getMessage()), -1);
    }
  }

  // ---------------------------------------------------------------- DescribeAlarms

  /**
   * DescribeAlarms: metric alarms only unless AlarmTypes names CompositeAlarm (AWS's default),
   * filtered by AlarmNames, AlarmNamePrefix, StateValue and ActionPrefix, sorted by alarm name, in
   * pages of MaxRecords (1-100, default 50) with a NextToken while alarms remain.
   */
  private Answer describeAlarms(Map<String, String> form, Portfolio.RegionData data) {
    for (String unserved : List.of("ChildrenOfAlarmName", "ParentsOfAlarmName")) {
      if (form.containsKey(unserved)) {
        throw invalid("The simulator does not serve DescribeAlarms with " + unserved + ".");
      }
    }
    int size = maxRecords(form.get("MaxRecords"));
    List<String> names = members(form, "AlarmNames");
    if (names.size() > MAX_ALARM_NAMES) {
      throw validation(
          "Value '"
              + names
              + "' at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to "
              + MAX_ALARM_NAMES);
    }
    for (String name : names) {
      length("alarmNames", name, 255);
    }
    String prefix = form.get("AlarmNamePrefix");
    if (prefix != null) {
      length("alarmNamePrefix", prefix, 255);
      if (!names.isEmpty()) {
        throw new ApiException(
            400,
            "InvalidParameterCombination",
            "AlarmNamePrefix and AlarmNames cannot be specified together.");
      }
    }
    String actionPrefix = form.get("ActionPrefix");
    if (actionPrefix != null) {
      length("actionPrefix", actionPrefix, 1024);
    }
    String state = form.get("StateValue");
    if (state != null && !STATES.contains(state)) {
      throw validation(
          "Value '"
              + state
              + "' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: "
              + STATES);
    }
    List<String> types = members(form, "AlarmTypes");
    for (String type : types) {
      if (!ALARM_TYPES.contains(type)) {
        throw validation(
            "Value '"
                + types
                + "' at 'alarmTypes' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must satisfy enum value set: "
                + ALARM_TYPES
                + "]");
      }
    }
    boolean metric = types.isEmpty() || types.contains("MetricAlarm");
    boolean composite = types.contains("CompositeAlarm");

    Predicate<ObjectNode> filter =
        alarm -> {
          String name = alarm.path("AlarmName").asText();
          return (names.isEmpty() || names.contains(name))
              && (prefix == null || name.startsWith(prefix))
              && (state == null || state.equals(alarm.path("StateValue").asText()))
              && (actionPrefix == null || startsWithAny(alarm.path("AlarmActions"), actionPrefix));
        };
    // One list, metric alarms first, each kind sorted by name; a page may hold both kinds.
    List<ObjectNode> matched = new ArrayList<>();
    if (metric) {
      matched.addAll(sortedByName(data.metricAlarms.values(), filter));
    }
    if (composite) {
      matched.addAll(sortedByName(data.compositeAlarms.values(), filter));
    }
    int from = 0;
    String token = form.get("NextToken");
    if (token != null && !token.isEmpty()) {
      try {
        from = Paging.offset(token);
      } catch (ApiException e) {
        from = -1;
      }
      if (from < 0 || from > matched.size()) {
        throw new ApiException(400, "InvalidNextToken", "The next token specified is invalid.");
      }
    }
    int end = Math.min(matched.size(), from + size);
    List<SdkField<?>> metricFields = QueryXml.fields(MetricAlarm.class);
    List<SdkField<?>> compositeFields = QueryXml.fields(CompositeAlarm.class);
    StringBuilder metricXml = new StringBuilder();
    StringBuilder compositeXml = new StringBuilder();
    for (ObjectNode alarm : matched.subList(from, end)) {
      boolean isMetric = data.metricAlarms.get(alarm.path("AlarmName").asText()) == alarm;
      StringBuilder out = isMetric ? metricXml : compositeXml;
      out.append("<member>");
      QueryXml.structure(alarm, isMetric ? metricFields : compositeFields, out);
      out.append("</member>");
    }
    String body =
        "<DescribeAlarmsResponse xmlns=\""
            + NAMESPACE
            + "\"><DescribeAlarmsResult>"
            + "<CompositeAlarms>"
            + compositeXml
            + "</CompositeAlarms>"
            + "<MetricAlarms>"
            + metricXml
            + "</MetricAlarms>"
            + (end < matched.size() ? "<NextToken>" + Paging.token(end) + "</NextToken>" : "")
            + "</DescribeAlarmsResult><ResponseMetadata><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></DescribeAlarmsResponse>";
    return new Answer("DescribeAlarms", SimResponse.of(200, "text/xml", body), end - from);
  }

  private static int maxRecords(String text) {
    if (text == null) {
      return DEFAULT_MAX_RECORDS;
    }
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw invalid("The value " + text + " for parameter MaxRecords is not an integer.");
    }
    if (value < 1 || value > MAX_RECORDS) {
      throw validation(
          "Value '"
              + value
              + "' at 'maxRecords' failed to satisfy constraint: Member must have value "
              + (value < 1
                  ? "greater than or equal to 1"
                  : "less than or equal to " + MAX_RECORDS));
    }
    return value;
  }

  private static void length(String member, String value, int max) {
    if (value.isEmpty() || value.length() > max) {
      throw validation(
          "Value '"
              + value
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must have length "
              + (value.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + max));
    }
  }

  /** A Query protocol list: {@code Name.member.1}, {@code Name.member.2}, … */
  private static List<String> members(Map<String, String> form, String name) {
    List<String> values = new ArrayList<>();
    for (int n = 1; form.containsKey(name + ".member." + n); n++) {
      values.add(form.get(name + ".member." + n));
    }
    return values;
  }

  private static boolean startsWithAny(JsonNode actions, String prefix) {
    for (JsonNode action : actions) {
      if (action.asText().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static List<ObjectNode> sortedByName(
      Collection<ObjectNode> alarms, Predicate<ObjectNode> filter) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode alarm : alarms) {
      if (filter.test(alarm)) {
        out.add(alarm);
      }
    }
    out.sort(Comparator.comparing(a -> a.path("AlarmName").asText()));
    return out;
  }

  /**
   * A request that breaks a modelled constraint: HTTP 400 ValidationError, in AWS's message style.
   */
  private static ApiException validation(String detail) {
    return new ApiException(400, "ValidationError", "1 validation error detected: " + detail);
  }

  // ---------------------------------------------------------------- GetMetricData

  /** One query of a request. */
  private record Query(
      String id,
      String namespace,
      String metric,
      Map<String, String> dimensions,
      int period,
      String stat,
      boolean returnData) {}

  private SimResponse getMetricData(Map<String, String> form, Portfolio.RegionData data) {
    Instant start = time(form, "StartTime");
    Instant end = time(form, "EndTime");
    if (!start.isBefore(end)) {
      throw invalid("The parameter StartTime must be less than the parameter EndTime.");
    }
    List<Query> queries = queries(form);
    boolean descending =
        !"TimestampAscending".equals(form.getOrDefault("ScanBy", "TimestampDescending"));
    int limit =
        Math.min(
            MAX_DATAPOINTS,
            Integer.parseInt(form.getOrDefault("MaxDatapoints", String.valueOf(MAX_DATAPOINTS))));
    int from =
        form.containsKey("NextToken")
            ? Integer.parseInt(form.get("NextToken").replace("smgov-sim:", ""))
            : 0;
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
      results
          .append("<member><Id>")
          .append(query.id())
          .append("</Id><Label>")
          .append(StsService.xml(query.metric()))
          .append("</Label><StatusCode>Complete</StatusCode><Timestamps>");
      entries.forEach(e -> results.append("<member>").append(e.getKey()).append("</member>"));
      results.append("</Timestamps><Values>");
      entries.forEach(e -> results.append("<member>").append(e.getValue()).append("</member>"));
      results.append("</Values></member>");
    }
    String body =
        "<GetMetricDataResponse xmlns=\""
            + NAMESPACE
            + "\"><GetMetricDataResult><MetricDataResults>"
            + results
            + "</MetricDataResults>"
            + (next >= 0 ? "<NextToken>smgov-sim:" + next + "</NextToken>" : "")
            + "<Messages/></GetMetricDataResult><ResponseMetadata><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ResponseMetadata></GetMetricDataResponse>";
    return SimResponse.of(200, "text/xml", body);
  }

  private static List<Query> queries(Map<String, String> form) {
    List<Query> queries = new ArrayList<>();
    for (int n = 1; form.containsKey("MetricDataQueries.member." + n + ".Id"); n++) {
      String p = "MetricDataQueries.member." + n + ".";
      if (form.containsKey(p + "Expression")) {
        throw invalid(
            "The simulator answers MetricStat queries, not metric math (" + p + "Expression)");
      }
      String id = form.get(p + "Id");
      if (!ID.matcher(id).matches()) {
        throw invalid(
            "The value "
                + id
                + " for parameter MetricDataQueries.member."
                + n
                + ".Id is not valid: it must start with a"
                + " lower-case letter and hold only letters, digits and underscores.");
      }
      Map<String, String> dimensions = new TreeMap<>();
      for (int d = 1;
          form.containsKey(p + "MetricStat.Metric.Dimensions.member." + d + ".Name");
          d++) {
        String dp = p + "MetricStat.Metric.Dimensions.member." + d + ".";
        dimensions.put(form.get(dp + "Name"), form.get(dp + "Value"));
      }
      int period = Integer.parseInt(form.getOrDefault(p + "MetricStat.Period", "0"));
      if (period < 1 || (period >= 60 && period % 60 != 0)) {
        throw invalid(
            "The parameter MetricDataQueries.member."
                + n
                + ".MetricStat.Period must be a multiple of 60.");
      }
      String stat = form.get(p + "MetricStat.Stat");
      if (stat == null
          || !(List.of("Sum", "SampleCount", "Average", "Minimum", "Maximum").contains(stat)
              || PERCENTILE.matcher(stat).matches())) {
        throw invalid(
            "The parameter MetricDataQueries.member."
                + n
                + ".MetricStat.Stat '"
                + stat
                + "' is not a statistic the simulator computes.");
      }
      queries.add(
          new Query(
              id,
              form.get(p + "MetricStat.Metric.Namespace"),
              form.get(p + "MetricStat.Metric.MetricName"),
              dimensions,
              period,
              stat,
              !"false".equals(form.get(p + "ReturnData"))));
    }
    if (queries.isEmpty()) {
      throw invalid("The parameter MetricDataQueries is required.");
    }
    if (queries.size() > MAX_QUERIES) {
      throw new ApiException(
          400,
          "ValidationError",
          "The collection MetricDataQueries must not have a size greater than "
              + MAX_QUERIES
              + ".");
    }
    return queries;
  }

  /**
   * The statistic per period, keyed by the period's start; periods without samples have no point.
   */
  private static TreeMap<Instant, Double> series(
      Query query, Portfolio.RegionData data, Instant start, Instant end) {
    TreeMap<Instant, List<double[]>> buckets = new TreeMap<>();
    String key =
        Portfolio.RegionData.seriesKey(query.namespace(), query.metric(), query.dimensions());
    for (JsonNode datum : data.metricSeries.getOrDefault(key, List.of())) {
      Instant at = SdkJson.parseTimestamp(datum.path("Timestamp")).orElseThrow();
      if (at.isBefore(start) || !at.isBefore(end)) {
        continue;
      }
      long offset = (at.getEpochSecond() - start.getEpochSecond()) / query.period();
      buckets
          .computeIfAbsent(start.plusSeconds(offset * query.period()), k -> new ArrayList<>())
          .addAll(samples(datum));
    }
    TreeMap<Instant, Double> series = new TreeMap<>();
    buckets.forEach(
        (bucket, samples) -> {
          Double value = statistic(query.stat(), samples);
          if (value != null) {
            series.put(bucket, value);
          }
        });
    return series;
  }

  /**
   * A datum's samples as {value, weight} pairs; StatisticValues become one aggregate entry {sum,
   * count, min, max, -1} that serves Sum/SampleCount/Average/Minimum/Maximum but no percentile.
   */
  private static List<double[]> samples(JsonNode datum) {
    List<double[]> samples = new ArrayList<>();
    if (datum.has("Values")) {
      JsonNode counts = datum.path("Counts");
      for (int i = 0; i < datum.get("Values").size(); i++) {
        samples.add(
            new double[] {
              datum.get("Values").get(i).asDouble(), counts.has(i) ? counts.get(i).asDouble() : 1
            });
      }
    } else if (datum.has("StatisticValues")) {
      JsonNode s = datum.get("StatisticValues");
      samples.add(
          new double[] {
            s.path("Sum").asDouble(),
            s.path("SampleCount").asDouble(),
            s.path("Minimum").asDouble(),
            s.path("Maximum").asDouble(),
            -1
          });
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
    return SdkJson.parseTimestamp(text)
        .orElseThrow(() -> invalid("The parameter " + member + " is not a timestamp: " + text));
  }

  private static ApiException invalid(String message) {
    return new ApiException(400, "InvalidParameterValue", message);
  }

  private static SimResponse error(int status, String code, String message) {
    String body =
        "<ErrorResponse xmlns=\""
            + NAMESPACE
            + "\"><Error><Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + StsService.xml(message)
            + "</Message></Error><RequestId>"
            + UUID.randomUUID()
            + "</RequestId></ErrorResponse>";
    return SimResponse.of(status, "text/xml", body).withErrorCode(code);
  }
}
