package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One endpoint variant's CloudWatch signals over the metrics window: traffic, errors, latency and
 * utilisation. A null statistic means CloudWatch held no data point for it in the window.
 */
public record EndpointMetricRow(
    String endpointName,
    String endpointArn,
    String variantName,
    Instant windowStart,
    Instant windowEnd,
    int windowDays,
    Long invocations,
    Long invocation4xxErrors,
    Long invocation5xxErrors,
    Double modelLatencyP50Ms,
    Double modelLatencyP90Ms,
    Double modelLatencySumMs,
    Double cpuUtilizationAvg,
    LocalDate lastInvocationDate,
    int daysWithInvocations) {
  public EndpointMetricRow {
    requireNonNull(endpointName, "endpointName is null");
    requireNonNull(endpointArn, "endpointArn is null");
    requireNonNull(variantName, "variantName is null");
    requireNonNull(windowStart, "windowStart is null");
    requireNonNull(windowEnd, "windowEnd is null");
  }
}
