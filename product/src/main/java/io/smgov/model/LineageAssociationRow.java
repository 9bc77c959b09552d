package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A lineage association (edge) of an account: source contributed to / produced destination. */
public record LineageAssociationRow(
    String sourceArn,
    String destinationArn,
    String associationType,
    String sourceType,
    String destinationType,
    Instant creationTime) {
  public LineageAssociationRow {
    requireNonNull(sourceArn, "sourceArn is null");
    requireNonNull(destinationArn, "destinationArn is null");
  }
}
