package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One model package group, as the registry describes it. */
public record ModelPackageGroupRow(
    String groupArn,
    String groupName,
    String description,
    String status,
    Instant creationTime,
    String createdBy,
    String createdByKind,
    String ownerAccountId,
    boolean isShared) {
  public ModelPackageGroupRow {
    requireNonNull(groupArn, "groupArn is null");
    requireNonNull(groupName, "groupName is null");
    requireNonNull(ownerAccountId, "ownerAccountId is null");
  }
}
