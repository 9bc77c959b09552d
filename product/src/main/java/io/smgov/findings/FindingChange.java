package io.smgov.findings;

import io.smgov.views.EmbeddedEngine.QueryResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One row of the finding_changes view: a finding opened or resolved in a newest snapshot. */
public record FindingChange(
    LocalDate snapshotDate,
    LocalDate previousSnapshotDate,
    String accountId,
    String region,
    String ruleId,
    String category,
    String severity,
    String modelPackageGroupName,
    String modelPackageArn,
    Integer modelPackageVersion,
    String endpointName,
    String variantName,
    String owner,
    String businessUnit,
    String detail,
    String resourceArn,
    String findingId,
    String change) {

  /** The view's columns, in its order: what {@link #from} reads. */
  public static final String COLUMNS =
      "snapshot_date, previous_snapshot_date, account_id, region, rule_id, category, severity,"
          + " model_package_group_name, model_package_arn, model_package_version, endpoint_name,"
          + " variant_name, owner, business_unit, detail, resource_arn, finding_id, change";

  public boolean opened() {
    return "opened".equals(change);
  }

  /** What notify remembers it sent: the finding, the change and the snapshot it changed in. */
  public String ledgerKey() {
    return findingId + "|" + change + "|" + snapshotDate;
  }

  /** The change as the JSON object the EventBridge event carries as its detail. */
  public Map<String, Object> asDetail() {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("change", change);
    detail.put("finding_id", findingId);
    detail.put("rule_id", ruleId);
    detail.put("category", category);
    detail.put("severity", severity);
    detail.put("account_id", accountId);
    detail.put("region", region);
    detail.put("snapshot_date", snapshotDate.toString());
    detail.put(
        "previous_snapshot_date",
        previousSnapshotDate == null ? null : previousSnapshotDate.toString());
    detail.put("resource_arn", resourceArn);
    detail.put("model_package_group_name", modelPackageGroupName);
    detail.put("model_package_arn", modelPackageArn);
    detail.put("model_package_version", modelPackageVersion);
    detail.put("endpoint_name", endpointName);
    detail.put("variant_name", variantName);
    detail.put("owner", owner);
    detail.put("business_unit", businessUnit);
    detail.put("detail", this.detail);
    return detail;
  }

  /**
   * The rows of {@code SELECT COLUMNS FROM finding_changes}, values as DuckDB or Athena give them.
   */
  public static List<FindingChange> from(QueryResult result) {
    List<FindingChange> changes = new ArrayList<>();
    for (List<Object> r : result.rows()) {
      changes.add(
          new FindingChange(
              date(r.get(0)),
              date(r.get(1)),
              text(r.get(2)),
              text(r.get(3)),
              text(r.get(4)),
              text(r.get(5)),
              text(r.get(6)),
              text(r.get(7)),
              text(r.get(8)),
              r.get(9) == null ? null : Integer.valueOf(text(r.get(9))),
              text(r.get(10)),
              text(r.get(11)),
              text(r.get(12)),
              text(r.get(13)),
              text(r.get(14)),
              text(r.get(15)),
              text(r.get(16)),
              text(r.get(17))));
    }
    return changes;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static LocalDate date(Object value) {
    return value == null
        ? null
        : value instanceof LocalDate d ? d : LocalDate.parse(value.toString().substring(0, 10));
  }
}
