package io.smgov.model;

import static java.util.Objects.requireNonNull;

/**
 * One numeric metric of a report; {@code standardDeviation} is null where the report says "NaN".
 */
public record ModelMetricRow(
    String modelPackageArn,
    String reportKind,
    String metricGroup,
    String metricName,
    double value,
    Double standardDeviation) {
  public ModelMetricRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(reportKind, "reportKind is null");
    requireNonNull(metricGroup, "metricGroup is null");
    requireNonNull(metricName, "metricName is null");
  }
}
