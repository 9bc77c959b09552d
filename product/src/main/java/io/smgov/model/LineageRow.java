package io.smgov.model;

import static java.util.Objects.requireNonNull;

/** One upstream entity of a version, reached from {@code parentArn} through one association. */
public record LineageRow(
    String modelPackageArn,
    String entityArn,
    String entityType,
    String lineageType,
    String sourceUri,
    String parentArn,
    String associationType,
    int depth) {
  public LineageRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(entityArn, "entityArn is null");
    requireNonNull(parentArn, "parentArn is null");
  }
}
