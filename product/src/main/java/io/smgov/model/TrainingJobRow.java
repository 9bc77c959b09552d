package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The training job the lineage names as a version's maker (its trial component's source). A job
 * Search cannot see (deleted, or in another account) has status {@code unknown} and the reason.
 */
public record TrainingJobRow(
    String modelPackageArn,
    String trainingJobArn,
    String trainingJobName,
    String status,
    String unknownReason,
    String trainingImage,
    String algorithmName,
    String instanceType,
    Integer instanceCount,
    Boolean managedSpot,
    String hyperparameters,
    String outputPath,
    String finalMetrics,
    Instant trainingStartTime,
    Instant trainingEndTime,
    Long trainingSeconds,
    Long billableSeconds,
    Boolean networkIsolation,
    Boolean interContainerEncryption,
    Boolean vpc,
    Boolean volumeKmsKey,
    Instant lastModifiedTime) {
  /** The status of a job Search does not return. */
  public static final String UNKNOWN = "unknown";

  public TrainingJobRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(trainingJobArn, "trainingJobArn is null");
    requireNonNull(status, "status is null");
  }
}
