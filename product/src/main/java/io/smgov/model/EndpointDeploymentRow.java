package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;

/** One endpoint variant and container, and the model package version it serves, if any. */
public record EndpointDeploymentRow(
    String endpointName,
    String endpointArn,
    String endpointStatus,
    String endpointConfigName,
    Instant endpointCreationTime,
    Instant endpointLastModifiedTime,
    String variantName,
    String variantKind,
    String modelName,
    Integer containerIndex,
    String containerHostname,
    String modelPackageArn,
    String image,
    String instanceType,
    Integer instanceCount,
    Integer serverlessMemoryMb,
    Integer serverlessMaxConcurrency,
    Double currentWeight,
    String versionTag,
    String inferenceComponentName,
    String inferenceComponentStatus,
    Instant inferenceComponentModifiedTime,
    Integer inferenceComponentCopies,
    String inferenceComponentBaseName,
    String resolution,
    LocalDate priceDate,
    Double usdPerUnit,
    String priceUnit) {
  public EndpointDeploymentRow {
    requireNonNull(endpointName, "endpointName is null");
    requireNonNull(endpointArn, "endpointArn is null");
    requireNonNull(variantName, "variantName is null");
    requireNonNull(variantKind, "variantKind is null");
    requireNonNull(resolution, "resolution is null");
  }

  /**
   * This row with its variant's on-demand price (the export stamps it from the region's prices).
   */
  public EndpointDeploymentRow withPrice(LocalDate date, Double usd, String unit) {
    return new EndpointDeploymentRow(
        endpointName,
        endpointArn,
        endpointStatus,
        endpointConfigName,
        endpointCreationTime,
        endpointLastModifiedTime,
        variantName,
        variantKind,
        modelName,
        containerIndex,
        containerHostname,
        modelPackageArn,
        image,
        instanceType,
        instanceCount,
        serverlessMemoryMb,
        serverlessMaxConcurrency,
        currentWeight,
        versionTag,
        inferenceComponentName,
        inferenceComponentStatus,
        inferenceComponentModifiedTime,
        inferenceComponentCopies,
        inferenceComponentBaseName,
        resolution,
        date,
        usd,
        unit);
  }
}
