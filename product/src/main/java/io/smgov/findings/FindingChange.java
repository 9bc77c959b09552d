package io.smgov.findings;

import io.smgov.views.EmbeddedEngine.QueryResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finding as finding_history holds it now, and what notify tells about it: {@code opened} (its
 * current episode), or, for one whose opening was sent, {@code resolved} or {@code waived}.
 */
public record FindingChange(
    String findingId,
    String accountId,
    String region,
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
    LocalDate openedDate,
    LocalDate lastSeenDate,
    LocalDate resolvedDate,
    String status,
    String change) {

  /** The finding_history columns {@link #from} reads, in order. */
  public static final String COLUMNS =
      "finding_id, account_id, region, rule_id, category, severity, resource_arn,"
          + " model_package_group_name, model_package_arn, model_package_version, endpoint_name,"
          + " variant_name, owner, business_unit, detail, opened_date, last_seen_date,"
          + " resolved_date, status";

  public boolean opened() {
    return "opened".equals(change);
  }

  public boolean isOpen() {
    return "open".equals(status);
  }

  /** The same finding, told as {@code what}. */
  public FindingChange as(String what) {
    return new FindingChange(
        findingId,
        accountId,
        region,
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
        openedDate,
        lastSeenDate,
        resolvedDate,
        status,
        what);
  }

  /** The change as the JSON object the EventBridge event carries as its detail. */
  public Map<String, Object> asDetail() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("change", change);
    d.put("finding_id", findingId);
    d.put("rule_id", ruleId);
    d.put("category", category);
    d.put("severity", severity);
    d.put("status", status);
    d.put("account_id", accountId);
    d.put("region", region);
    d.put("resource_arn", resourceArn);
    d.put("model_package_group_name", modelPackageGroupName);
    d.put("model_package_arn", modelPackageArn);
    d.put("model_package_version", modelPackageVersion);
    d.put("endpoint_name", endpointName);
    d.put("variant_name", variantName);
    d.put("owner", owner);
    d.put("business_unit", businessUnit);
    d.put("detail", detail);
    d.put("opened_date", text(openedDate));
    d.put("last_seen_date", text(lastSeenDate));
    d.put("resolved_date", text(resolvedDate));
    return d;
  }

  private static String text(LocalDate date) {
    return date == null ? null : date.toString();
  }

  /** The rows of {@code SELECT COLUMNS FROM finding_history}, as DuckDB or Athena give them. */
  public static List<FindingChange> from(QueryResult result) {
    List<FindingChange> changes = new ArrayList<>();
    for (List<Object> r : result.rows()) {
      changes.add(
          new FindingChange(
              FindingRecorder.text(r.get(0)),
              FindingRecorder.text(r.get(1)),
              FindingRecorder.text(r.get(2)),
              FindingRecorder.text(r.get(3)),
              FindingRecorder.text(r.get(4)),
              FindingRecorder.text(r.get(5)),
              FindingRecorder.text(r.get(6)),
              FindingRecorder.text(r.get(7)),
              FindingRecorder.text(r.get(8)),
              r.get(9) == null ? null : Integer.valueOf(FindingRecorder.text(r.get(9))),
              FindingRecorder.text(r.get(10)),
              FindingRecorder.text(r.get(11)),
              FindingRecorder.text(r.get(12)),
              FindingRecorder.text(r.get(13)),
              FindingRecorder.text(r.get(14)),
              FindingRecorder.date(r.get(15)),
              FindingRecorder.date(r.get(16)),
              FindingRecorder.date(r.get(17)),
              FindingRecorder.text(r.get(18)),
              null));
    }
    return changes;
  }
}
