package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One change of a version's approval status as CloudTrail recorded it (UpdateModelPackage with a
 * ModelApprovalStatus, or CreateModelPackage registering it already with one): who, when and the
 * note written with it.
 */
public record ApprovalEventRow(
    String eventId,
    Instant eventTime,
    String eventName,
    String modelPackageArn,
    String approvalStatus,
    String approvalDescription,
    boolean hasApprovalNote,
    String actor,
    String actorKind,
    String principalArn,
    String roleArn) {
  public ApprovalEventRow {
    requireNonNull(eventId, "eventId is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(eventName, "eventName is null");
    requireNonNull(modelPackageArn, "modelPackageArn is null");
  }
}
