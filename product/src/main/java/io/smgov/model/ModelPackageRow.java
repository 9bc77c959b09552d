package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One model package version: identity, approval, provenance, lifecycle and report pointers. */
public record ModelPackageRow(
    String modelPackageArn,
    String groupName,
    String groupArn,
    Integer version,
    String description,
    String packageStatus,
    String approvalStatus,
    String approvalDescription,
    Boolean hasApprovalNote,
    Boolean approvalHistoryComplete,
    Integer approvalNoteChars,
    Instant creationTime,
    Instant lastModifiedTime,
    String createdBy,
    String createdByKind,
    String lastModifiedBy,
    String lastModifiedByKind,
    String createdByRole,
    String lastModifiedByRole,
    String sourceUri,
    String domain,
    String task,
    String framework,
    String frameworkVersion,
    String image,
    String modelDataUrl,
    Integer containerCount,
    String generatedBy,
    String commitId,
    String repository,
    String projectId,
    String lifecycleStage,
    String lifecycleStageStatus,
    String lifecycleStageDescription,
    String modelCardStatus,
    String registrationType,
    String metricReportUris,
    String customerMetadataJson,
    String ownerAccountId,
    boolean isShared,
    Boolean tagsVerifiable,
    Boolean lineageVerifiable,
    Boolean modelCardsVerifiable) {
  public ModelPackageRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(ownerAccountId, "ownerAccountId is null");
  }
}
