package io.smgov.model;

import static java.util.Objects.requireNonNull;

/** One CloudWatch metric alarm that watches an endpoint (a metric with dimension EndpointName). */
public record EndpointAlarmRow(
    String endpointName,
    String variantName,
    String inferenceComponentName,
    String alarmName,
    String alarmArn,
    String namespace,
    String metricName,
    String stateValue,
    Boolean actionsEnabled,
    Boolean notifies) {
  public EndpointAlarmRow {
    requireNonNull(endpointName, "endpointName is null");
    requireNonNull(alarmName, "alarmName is null");
  }
}
