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
    String changedTables,
    String previousSnapshotDate,
    Map<String, Long> rows,
    Long apiCallsTotal,
    String apiCallsByOperation,
    Long throttledCalls,
    Long reportsFetched,
    Long reportsReused,
    Long lineageListed,
    Long lineageReused,
    Long lineageQueried,
    Long endpointConfigsDescribed,
    Long endpointConfigsReused,
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
    String toolVersion,
    String shard) {
  public ExportRunRow {
    requireNonNull(runId, "runId is null");
    requireNonNull(status, "status is null");
    rows = Map.copyOf(rows);
  }
}
