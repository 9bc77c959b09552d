package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/** One export of one account and region: outcome, counts and cost. */
public record ExportRunRow(
    String runId,
    Instant runSnapshotTime,
    Instant startedAt,
    Instant finishedAt,
    RunStatus status,
    String errorKind,
    String errorMessage,
    ReadStrategy strategy,
    RunMode mode,
    String refreshedGroups,
    String previousSnapshotDate,
    Map<String, Long> rowCounts,
    long apiCallsTotal,
    String apiCallsByOperation,
    long throttledCalls,
    long reportsFetched,
    long reportsReused,
    long lineageListed,
    long lineageReused,
    long lineageQueried,
    long endpointConfigsDescribed,
    long endpointConfigsReused,
    Instant lineageWatermark,
    Boolean metricsRead,
    Boolean monitoringRead,
    Boolean alarmsRead,
    Boolean modelCardsRead,
    Boolean tagsRead,
    Boolean lineageRead,
    Boolean approvalsRead,
    Instant approvalsWatermark,
    Instant approvalsSince,
    Long artifactsChecked,
    String warnings,
    String toolVersion) {
  public ExportRunRow {
    requireNonNull(runId, "runId is null");
    requireNonNull(status, "status is null");
    rowCounts = Map.copyOf(rowCounts);
  }
}
