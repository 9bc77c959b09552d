package io.smgov.source;

import io.smgov.model.EndpointAlarmRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;

/**
 * CloudWatch alarms as monitoring evidence: SageMaker Model Monitor is closed to new customers, so an
 * endpoint is monitored when it has a Model Monitor schedule or an alarm on its metrics. The region's
 * metric alarms are read in bulk (DescribeAlarms, 100 a page), never per endpoint; an alarm watches an
 * endpoint when its metric, or one of its metric-math inputs, has the dimension EndpointName.
 */
public final class CloudWatchAlarms {
  private static final int PAGE = 100;

  private CloudWatchAlarms() {}

  public record Result(List<EndpointAlarmRow> rows, int alarms, int requests) {}

  public static Result read(CloudWatchClient cloudWatch) {
    List<EndpointAlarmRow> rows = new ArrayList<>();
    int[] alarms = {0};
    int[] requests = {0};
    cloudWatch.describeAlarmsPaginator(r -> r.maxRecords(PAGE)).forEach(page -> {
      requests[0]++;
      for (MetricAlarm alarm : page.metricAlarms()) {
        alarms[0]++;
        rows.addAll(rows(alarm));
      }
    });
    return new Result(rows, alarms[0], requests[0]);
  }

  /** One row per endpoint (and variant) the alarm watches. */
  static List<EndpointAlarmRow> rows(MetricAlarm alarm) {
    Set<EndpointAlarmRow> rows = new LinkedHashSet<>();
    add(rows, alarm, alarm.namespace(), alarm.metricName(), alarm.dimensions());
    for (MetricDataQuery query : alarm.metrics()) {
      if (query.metricStat() != null && query.metricStat().metric() != null) {
        var metric = query.metricStat().metric();
        add(rows, alarm, metric.namespace(), metric.metricName(), metric.dimensions());
      }
    }
    return new ArrayList<>(rows);
  }

  private static void add(Set<EndpointAlarmRow> rows, MetricAlarm alarm, String namespace, String metric, List<Dimension> dimensions) {
    String endpoint = null;
    String variant = null;
    for (Dimension d : dimensions) {
      if ("EndpointName".equals(d.name())) {
        endpoint = d.value();
      } else if ("VariantName".equals(d.name())) {
        variant = d.value();
      }
    }
    if (endpoint == null || Text.isBlank(endpoint)) {
      return;
    }
    rows.add(new EndpointAlarmRow(endpoint, variant, alarm.alarmName(), alarm.alarmArn(), namespace, metric,
        alarm.stateValueAsString(), alarm.actionsEnabled()));
  }
}
