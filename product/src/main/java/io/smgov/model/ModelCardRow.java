package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One model card (the newest version of it), and the model package version its content links. */
public record ModelCardRow(
    String modelCardName,
    String modelCardArn,
    Integer modelCardVersion,
    String modelCardStatus,
    String riskRating,
    String modelPackageArn,
    String modelId,
    Instant creationTime,
    Instant lastModifiedTime,
    String createdBy,
    String lastModifiedBy) {
  public ModelCardRow {
    requireNonNull(modelCardName, "modelCardName is null");
  }
}
