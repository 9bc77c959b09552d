package io.smgov.model;

import static java.util.Objects.requireNonNull;

/**
 * One feature of a version's data-quality statistics report (Model Monitor's statistics.json): how
 * the data that trained or baselined it was distributed.
 */
public record FeatureStatisticRow(
    String modelPackageArn,
    String featureName,
    String inferredType,
    Long itemCount,
    Long numPresent,
    Long numMissing,
    Double mean,
    Double stdDev,
    Double min,
    Double max,
    Double p05,
    Double p25,
    Double p50,
    Double p75,
    Double p95,
    Long distinctCount,
    String topValues,
    String histogram) {
  public FeatureStatisticRow {
    requireNonNull(modelPackageArn, "modelPackageArn is null");
    requireNonNull(featureName, "featureName is null");
  }
}
