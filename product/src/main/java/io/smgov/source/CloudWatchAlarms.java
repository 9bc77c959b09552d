package io.smgov.source;

import io.smgov.model.EndpointAlarmRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;

/**
 * CloudWatch alarms as monitoring evidence: SageMaker Model Monitor is closed to new customers, so
 * an endpoint is monitored when it has a Model Monitor schedule or an alarm on its metrics. The
 * region's metric alarms are read in bulk (DescribeAlarms, 100 a page), never per endpoint; an
 * alarm watches an endpoint when its metric, or one of its metric-math inputs, has the dimension
 * EndpointName (or InferenceComponentName of one of the endpoint's components). Only an alarm that
 * notifies someone is monitoring evidence ({@link #notifies}).
 */
public final class CloudWatchAlarms {
  private static final int PAGE = 100;

  private CloudWatchAlarms() {}

  public record Result(List<EndpointAlarmRow> rows, int alarms, int requests) {}

  /**
   * {@code componentEndpoints}: the endpoint of each inference component of the account and region,
   * so an alarm on a component's metrics (dimension InferenceComponentName) counts for its
   * endpoint.
   */
  public static Result read(CloudWatchClient cloudWatch, Map<String, String> componentEndpoints) {
    List<EndpointAlarmRow> rows = new ArrayList<>();
    int[] alarms = {0};
    int[] requests = {0};
    cloudWatch
        .describeAlarmsPaginator(r -> r.maxRecords(PAGE))
        .forEach(
            page -> {
              requests[0]++;
              for (MetricAlarm alarm : page.metricAlarms()) {
                alarms[0]++;
                rows.addAll(rows(alarm, componentEndpoints));
              }
            });
    return new Result(rows, alarms[0], requests[0]);
  }

  /** One row per endpoint (and variant or component) the alarm watches. */
  static List<EndpointAlarmRow> rows(MetricAlarm alarm, Map<String, String> componentEndpoints) {
    Set<EndpointAlarmRow> rows = new LinkedHashSet<>();
    boolean notifies = notifies(alarm);
    add(
        rows,
        alarm,
        notifies,
        alarm.namespace(),
        alarm.metricName(),
        alarm.dimensions(),
        componentEndpoints);
    for (MetricDataQuery query : alarm.metrics()) {
      if (query.metricStat() != null && query.metricStat().metric() != null) {
        var metric = query.metricStat().metric();
        add(
            rows,
            alarm,
            notifies,
            metric.namespace(),
            metric.metricName(),
            metric.dimensions(),
            componentEndpoints);
      }
    }
    return new ArrayList<>(rows);
  }

  /**
   * Whether the alarm tells anyone: actions enabled, and at least one action that is not an
   * Application Auto Scaling policy. Target-tracking scaling creates alarms on an endpoint's
   * InvocationsPerInstance whose only actions scale it; they are not monitoring.
   */
  static boolean notifies(MetricAlarm alarm) {
    if (!Boolean.TRUE.equals(alarm.actionsEnabled())) {
      return false;
    }
    List<String> actions = new ArrayList<>(alarm.alarmActions());
    actions.addAll(alarm.okActions());
    actions.addAll(alarm.insufficientDataActions());
    return actions.stream().anyMatch(a -> !a.contains(":autoscaling:"));
  }

  private static void add(
      Set<EndpointAlarmRow> rows,
      MetricAlarm alarm,
      boolean notifies,
      String namespace,
      String metric,
      List<Dimension> dimensions,
      Map<String, String> componentEndpoints) {
    String endpoint = null;
    String variant = null;
    String component = null;
    for (Dimension d : dimensions) {
      if ("EndpointName".equals(d.name())) {
        endpoint = d.value();
      } else if ("VariantName".equals(d.name())) {
        variant = d.value();
      } else if ("InferenceComponentName".equals(d.name())) {
        component = d.value();
      }
    }
    if (endpoint == null && component != null) {
      endpoint = componentEndpoints.get(component);
    }
    if (endpoint == null || Text.isBlank(endpoint)) {
      return;
    }
    rows.add(
        new EndpointAlarmRow(
            endpoint,
            variant,
            component,
            alarm.alarmName(),
            alarm.alarmArn(),
            namespace,
            metric,
            alarm.stateValueAsString(),
            alarm.actionsEnabled(),
            notifies));
  }
}
