package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a version's model artefact object looked like when it was checked (S3 HeadObject on its
 * container's ModelDataUrl), and when it was first seen: enough to tell whether the object at that
 * key is still the one registered.
 */
public record ModelArtifactRow(
    String modelPackageArn,
    int containerIndex,
    String modelDataUrl,
    Instant registeredAt,
    String registeredEtag,
    Instant checkedAt,
    String status,
    Instant lastModified,
    String etag,
    String versionId,
    Instant firstCheckedAt,
    String firstEtag,
    String firstVersionId,
    Boolean changedAfterRegistration,
    String error) {
  public ModelArtifactRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(checkedAt, "checkedAt is null");
    requireNonNull(status, "status is null");
  }
}
