package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One SageMaker Model Monitor schedule of an endpoint, and its latest execution. */
public record EndpointMonitoringRow(
    String endpointName,
    String monitoringScheduleName,
    String monitoringScheduleArn,
    String monitoringType,
    String scheduleStatus,
    Instant scheduleCreationTime,
    String lastExecutionStatus,
    Instant lastExecutionScheduledTime,
    Instant lastExecutionModifiedTime,
    String lastExecutionFailureReason,
    String lastExecutionProcessingJobArn) {
  public EndpointMonitoringRow {
    requireNonNull(endpointName, "endpointName is null");
    requireNonNull(monitoringScheduleName, "monitoringScheduleName is null");
    requireNonNull(monitoringScheduleArn, "monitoringScheduleArn is null");
  }
}
