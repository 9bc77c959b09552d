package io.smgov.model;

import static java.util.Objects.requireNonNull;

/**
 * One report a version references (ModelMetrics or DriftCheckBaselines) and how reading it went.
 */
public record MetricReportRow(
    String modelPackageArn,
    String reportKind,
    String reportSource,
    String s3Uri,
    String contentType,
    String contentDigest,
    String status,
    Long bytes,
    Boolean digestMatches,
    Integer metricCount,
    String errorMessage) {
  public MetricReportRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(reportKind, "reportKind is null");
    requireNonNull(s3Uri, "s3Uri is null");
    requireNonNull(status, "status is null");
  }
}
