package io.smgov.model;

import static java.util.Objects.requireNonNull;

/**
 * One feature of a version's data-quality constraints report (Model Monitor's constraints.json).
 */
public record FeatureConstraintRow(
    String modelPackageArn,
    String featureName,
    String inferredType,
    Double completeness,
    Boolean isNonNegative,
    Integer domainSize,
    String domain) {
  public FeatureConstraintRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(featureName, "featureName is null");
  }
}
