package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * One governance finding of one snapshot, as {@code smgov findings record} judged it: the row of
 * the governance_findings view, and the waiver that accepted it, if one did.
 */
public record FindingRow(
    String findingId,
    String ruleId,
    String category,
    String severity,
    String resourceArn,
    String modelPackageGroupName,
    String modelPackageArn,
    Integer modelPackageVersion,
    String endpointName,
    String variantName,
    String owner,
    String businessUnit,
    String detail,
    String waiverResource,
    String waiverReason,
    String waiverApprovedBy,
    LocalDate waiverExpires,
    LocalDate carriedFromDate) {
  public FindingRow {
    requireNonNull(findingId, "findingId is null");
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(category, "category is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(resourceArn, "resourceArn is null");
  }

  /** The same finding, accepted by {@code waiver}. */
  public FindingRow waivedBy(Waiver waiver) {
    return new FindingRow(
        findingId,
        ruleId,
        category,
        severity,
        resourceArn,
        modelPackageGroupName,
        modelPackageArn,
        modelPackageVersion,
        endpointName,
        variantName,
        owner,
        businessUnit,
        detail,
        waiver.resource(),
        waiver.reason(),
        waiver.approvedBy(),
        waiver.expires(),
        carriedFromDate);
  }

  /**
   * The same finding as recorded on a day its rule could not judge it (what it needs was not read):
   * carried from {@code judged}, the last day it was judged, without its waiver (the day's waivers
   * are applied again).
   */
  public FindingRow carriedFrom(LocalDate judged) {
    return new FindingRow(
        findingId,
        ruleId,
        category,
        severity,
        resourceArn,
        modelPackageGroupName,
        modelPackageArn,
        modelPackageVersion,
        endpointName,
        variantName,
        owner,
        businessUnit,
        detail,
        null,
        null,
        null,
        null,
        carriedFromDate != null ? carriedFromDate : judged);
  }
}
