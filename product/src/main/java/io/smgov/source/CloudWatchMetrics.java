package io.smgov.source;

import io.smgov.model.EndpointMetricRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * Endpoint variants' CloudWatch signals over a window, with as few calls as CloudWatch allows:
 * every statistic of every variant is one query of one {@code GetMetricData} request, up to its 500
 * queries (62 variants per request, 8 queries each), each whole-window statistic over a single
 * period (one data point) and invocations also per day (for the last day with traffic). Pages are
 * followed to the end.
 */
public final class CloudWatchMetrics {
  /** GetMetricData accepts at most 500 queries per request. */
  public static final int MAX_QUERIES = 500;

  static final String SAGEMAKER = "AWS/SageMaker";

  /** Instance metrics (CPUUtilization) are published under this namespace, not AWS/SageMaker. */
  static final String INSTANCE = "/aws/sagemaker/Endpoints";

  private static final int DAY = 86_400;

  /** What is asked per variant; the period is the whole window unless {@code daily}. */
  private enum Query {
    INVOCATIONS(SAGEMAKER, "Invocations", "Sum", false),
    DAILY_INVOCATIONS(SAGEMAKER, "Invocations", "Sum", true),
    ERRORS_4XX(SAGEMAKER, "Invocation4XXErrors", "Sum", false),
    ERRORS_5XX(SAGEMAKER, "Invocation5XXErrors", "Sum", false),
    LATENCY_P50(SAGEMAKER, "ModelLatency", "p50", false),
    LATENCY_P90(SAGEMAKER, "ModelLatency", "p90", false),
    LATENCY_SUM(SAGEMAKER, "ModelLatency", "Sum", false),
    CPU(INSTANCE, "CPUUtilization", "Average", false);

    final String namespace;
    final String metric;
    final String stat;
    final boolean daily;

    Query(String namespace, String metric, String stat, boolean daily) {
      this.namespace = namespace;
      this.metric = metric;
      this.stat = stat;
      this.daily = daily;
    }
  }

  /** Variants per request: every query of a variant goes in the same request. */
  public static final int VARIANTS_PER_REQUEST = MAX_QUERIES / Query.values().length;

  /** One endpoint variant to read. */
  public record Variant(String endpointName, String endpointArn, String variantName) {}

  /** The rows, and how many GetMetricData requests they took. */
  public record Result(List<EndpointMetricRow> rows, int requests) {}

  private CloudWatchMetrics() {}

  /** The {@code days} before {@code snapshotDate} (UTC midnights), for every variant. */
  public static Result read(
      CloudWatchClient cloudWatch, List<Variant> variants, LocalDate snapshotDate, int days) {
    Instant end = snapshotDate.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant start = end.minusSeconds((long) days * DAY);
    List<EndpointMetricRow> rows = new ArrayList<>();
    int requests = 0;
    for (int from = 0; from < variants.size(); from += VARIANTS_PER_REQUEST) {
      List<Variant> batch =
          variants.subList(from, Math.min(variants.size(), from + VARIANTS_PER_REQUEST));
      List<MetricDataQuery> queries = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        for (Query query : Query.values()) {
          queries.add(query(id(i, query), batch.get(i), query, query.daily ? DAY : days * DAY));
        }
      }
      GetMetricDataRequest request =
          GetMetricDataRequest.builder()
              .startTime(start)
              .endTime(end)
              .scanBy(ScanBy.TIMESTAMP_ASCENDING)
              .metricDataQueries(queries)
              .build();
      Map<String, List<Point>> points = new HashMap<>();
      for (GetMetricDataResponse page : cloudWatch.getMetricDataPaginator(request)) {
        requests++;
        for (MetricDataResult result : page.metricDataResults()) {
          List<Point> series = points.computeIfAbsent(result.id(), k -> new ArrayList<>());
          for (int p = 0; p < result.values().size() && p < result.timestamps().size(); p++) {
            series.add(new Point(result.timestamps().get(p), result.values().get(p)));
          }
        }
      }
      for (int i = 0; i < batch.size(); i++) {
        rows.add(row(batch.get(i), i, points, start, end, days));
      }
    }
    return new Result(rows, requests);
  }

  private record Point(Instant time, double value) {}

  private static EndpointMetricRow row(
      Variant v, int index, Map<String, List<Point>> points, Instant start, Instant end, int days) {
    List<Point> daily = points.getOrDefault(id(index, Query.DAILY_INVOCATIONS), List.of());
    LocalDate last = null;
    int active = 0;
    for (Point point : daily) {
      if (point.value() > 0) {
        active++;
        LocalDate day = LocalDate.ofInstant(point.time(), ZoneOffset.UTC);
        last = last == null || day.isAfter(last) ? day : last;
      }
    }
    Double latencyP50 = value(points, id(index, Query.LATENCY_P50), false);
    Double latencyP90 = value(points, id(index, Query.LATENCY_P90), false);
    Double latencySum = value(points, id(index, Query.LATENCY_SUM), true);
    return new EndpointMetricRow(
        v.endpointName(),
        v.endpointArn(),
        v.variantName(),
        start,
        end,
        days,
        count(points, id(index, Query.INVOCATIONS)),
        count(points, id(index, Query.ERRORS_4XX)),
        count(points, id(index, Query.ERRORS_5XX)),
        latencyP50 == null ? null : latencyP50 / 1000.0, // ModelLatency is in microseconds
        latencyP90 == null ? null : latencyP90 / 1000.0,
        latencySum == null ? null : latencySum / 1000.0,
        value(points, id(index, Query.CPU), false),
        last,
        active);
  }

  private static Long count(Map<String, List<Point>> points, String id) {
    Double sum = value(points, id, true);
    return sum == null ? null : Math.round(sum);
  }

  /**
   * The statistic over the window: the sum of the points for sums, else the single point's value.
   */
  private static Double value(Map<String, List<Point>> points, String id, boolean sum) {
    List<Point> series = points.getOrDefault(id, List.of());
    if (series.isEmpty()) {
      return null;
    }
    if (sum) {
      return series.stream().mapToDouble(Point::value).sum();
    }
    return series.get(series.size() - 1).value();
  }

  private static MetricDataQuery query(String id, Variant variant, Query query, int period) {
    return MetricDataQuery.builder()
        .id(id)
        .metricStat(
            s ->
                s.period(period)
                    .stat(query.stat)
                    .metric(
                        m ->
                            m.namespace(query.namespace)
                                .metricName(query.metric)
                                .dimensions(
                                    Dimension.builder()
                                        .name("EndpointName")
                                        .value(variant.endpointName())
                                        .build(),
                                    Dimension.builder()
                                        .name("VariantName")
                                        .value(variant.variantName())
                                        .build())))
        .returnData(true)
        .build();
  }

  /** Query ids must start with a lower-case letter. */
  private static String id(int variant, Query query) {
    return "v" + variant + "_" + query.name().toLowerCase(Locale.ROOT);
  }
}
