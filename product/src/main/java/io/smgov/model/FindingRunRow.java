package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One snapshot of one account and region whose findings were recorded: the proof that a finding
 * missing from it was resolved, not merely unread.
 */
public record FindingRunRow(
    Instant recordedAt,
    String toolVersion,
    String policySha256,
    Long findings,
    Long waived,
    String engine) {
  public FindingRunRow {
    requireNonNull(recordedAt, "recordedAt is null");
    requireNonNull(toolVersion, "toolVersion is null");
    requireNonNull(policySha256, "policySha256 is null");
    requireNonNull(findings, "findings is null");
    requireNonNull(waived, "waived is null");
    requireNonNull(engine, "engine is null");
  }
}
