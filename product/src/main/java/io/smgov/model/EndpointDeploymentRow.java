package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

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
    Double currentWeight,
    String versionTag,
    String inferenceComponentName,
    String inferenceComponentStatus,
    Instant inferenceComponentModifiedTime,
    Integer inferenceComponentCopies,
    String inferenceComponentBaseName,
    String resolution) {
  public EndpointDeploymentRow {
    requireNonNull(endpointName, "endpointName is null");
    requireNonNull(endpointArn, "endpointArn is null");
    requireNonNull(variantName, "variantName is null");
    requireNonNull(variantKind, "variantKind is null");
    requireNonNull(resolution, "resolution is null");
  }
}
