package io.smgov.model;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * A waiver of the policy as one snapshot of one account and region was judged with it, and how many
 * of that snapshot's findings it accepted.
 */
public record WaiverRow(
    String ruleId,
    String resource,
    String reason,
    String approvedBy,
    LocalDate expires,
    Long matchedFindings) {
  public WaiverRow {
    requireNonNull(ruleId, "ruleId is null");
    requireNonNull(resource, "resource is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(approvedBy, "approvedBy is null");
    requireNonNull(expires, "expires is null");
    requireNonNull(matchedFindings, "matchedFindings is null");
  }

  public static WaiverRow of(Waiver waiver, long matched) {
    return new WaiverRow(
        waiver.ruleId(),
        waiver.resource(),
        waiver.reason(),
        waiver.approvedBy(),
        waiver.expires(),
        matched);
  }
}
