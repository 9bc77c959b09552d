package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A lineage entity of an account: artifact, trial component, action or context. */
public record LineageEntityRow(
    String entityArn,
    String lineageType,
    String entityType,
    String entityName,
    String sourceUri,
    String sourceType,
    Instant creationTime) {
  public LineageEntityRow {
    requireNonNull(entityArn, "entityArn is null");
    requireNonNull(lineageType, "lineageType is null");
  }
}
