package io.smgov.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smgov.aws.Version;
import io.smgov.views.EmbeddedEngine;
import io.smgov.views.Policy;
import io.smgov.views.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-contained HTML governance report: the views' rows as JSON inside one HTML file with its
 * own styles and script (charts are inline SVG drawn by that script); no network, no CDN. It is the
 * local stand-in for the QuickSight dashboard: KPIs, findings with filters, a drill-down per
 * version, the approval funnel, metric trends, deployment history, findings over time (once {@code
 * smgov findings record} ran), what endpoints cost and export health.
 */
public final class GovernanceReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MARKER = "/*SMGOV_DATA*/";

  /** Versions shown in the drill-down (newest first); larger estates belong in QuickSight. */
  public static final int MAX_VERSIONS = 5000;

  /**
   * Rows of the newest finding changes and of the waived findings shown; each row carries the full
   * count, so the page can say how many the cap left out.
   */
  public static final int MAX_FINDING_ROWS = 1000;

  /** The costliest variants shown in "What endpoints cost". */
  public static final int TOP_COSTS = 10;

  private static final String SEVERITY_ORDER =
      "CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END";

  private GovernanceReport() {}

  /** The queries behind the report, by the key the page's script reads them from. */
  static Map<String, String> queries() {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("summary", "SELECT * FROM portfolio_summary ORDER BY account_id, region");
    queries.put(
        "findings",
        "SELECT severity, category, rule_id, account_id, region, model_package_group_name, model_package_version,"
            + " model_package_arn, endpoint_name, variant_name, owner, coalesce(business_unit, '(none)') AS business_unit,"
            + " detail FROM governance_findings ORDER BY CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2"
            + " WHEN 'medium' THEN 3 ELSE 4 END, rule_id, account_id, endpoint_name, model_package_arn");
    queries.put(
        "versions",
        "SELECT model_package_arn, account_id, region, model_package_group_name, model_package_version, approval_status,"
            + " approval_description, created_by, last_modified_by, last_modified_by_kind, approved_by, approved_by_kind,"
            + " approved_at, approver_source, approved_at_registration, creation_time, last_modified_time, age_days, owner,"
            + " coalesce(business_unit, '(none)') AS business_unit, environment, use_case, model_card_status,"
            + " lifecycle_stage, headline_metric_name, headline_metric_value, is_in_production, has_model_quality_metrics,"
            + " has_dataset_lineage, report_count, reports_not_ok, generated_by, commit_id"
            + " FROM model_versions ORDER BY creation_time DESC, model_package_arn LIMIT "
            + MAX_VERSIONS);
    queries.put(
        "metrics",
        "SELECT model_package_arn, metric_group, metric_name, value, standard_deviation FROM metric_trends"
            + " ORDER BY model_package_group_name, model_package_version, metric_name LIMIT 100000");
    queries.put(
        "lineage",
        "SELECT model_package_arn, dataset_uri, dataset_arn, depth FROM training_data_lineage");
    queries.put(
        "training",
        "SELECT model_package_arn, training_job_name, training_job_status, unknown_reason, training_image,"
            + " instance_type, instance_count, managed_spot, training_seconds, billable_seconds, network_isolation,"
            + " vpc, volume_kms_key, hyperparameters, final_metrics, channel_name, channel_s3_uri, dataset_arn"
            + " FROM version_training ORDER BY model_package_arn, channel_name");
    queries.put(
        "features",
        "SELECT model_package_arn, feature_name, inferred_type, missing_share, mean, min, max, p05, p25, p50, p75,"
            + " p95, distinct_count, top_values, completeness FROM version_features"
            + " ORDER BY model_package_arn, feature_name LIMIT 100000");
    queries.put(
        "audit",
        "SELECT model_package_arn, approved_by_role, approver_in_policy, first_approved_at, event_time, event_name,"
            + " event_approval_status, event_actor, event_role_arn, event_note, artifact_status, required_evidence_missing,"
            + " in_production_since, last_in_production, production_endpoint_names"
            + " FROM approval_audit ORDER BY model_package_arn, event_time");
    queries.put(
        "deployments",
        "SELECT account_id, region, endpoint_name, variant_name, variant_kind, endpoint_status, model_name,"
            + " model_package_arn, resolution, is_production, version_tag, current_weight, instance_type, instance_count"
            + " FROM deployments ORDER BY endpoint_name, variant_kind, variant_name");
    queries.put("rollback", "SELECT * FROM rollback_targets ORDER BY endpoint_name, variant_name");
    queries.put(
        "funnel", "SELECT * FROM approval_funnel ORDER BY business_unit, model_package_group_name");
    queries.put(
        "history",
        "SELECT snapshot_date, account_id, region, endpoint_name, variant_name, variant_kind, model_package_group_name,"
            + " model_package_version, change FROM deployment_history"
            + " ORDER BY snapshot_date DESC, endpoint_name, variant_name LIMIT 5000");
    queries.put("health", "SELECT * FROM export_health ORDER BY account_id, region");
    queries.put(
        "operations",
        "SELECT account_id, region, endpoint_name, variant_name, model_package_group_name, model_package_version, business_unit,"
            + " metrics_read, metrics_window_days, invocations, error_rate, model_latency_p50_ms, model_latency_p90_ms, cpu_utilization_avg,"
            + " last_invocation_date, is_idle, is_over_latency_budget, monitoring_read, monitoring_schedules, schedules_with_violations,"
            + " schedules_failed FROM endpoint_operations ORDER BY coalesce(is_idle, false) DESC,"
            + " coalesce(schedules_with_violations, 0) DESC, coalesce(is_over_latency_budget, false) DESC, endpoint_name, variant_name");
    findingsOverTime(queries);
    endpointCosts(queries);
    return queries;
  }

  /**
   * "What endpoints cost": the on-demand estimate of every variant of a serving endpoint. Per
   * business unit, the monthly cost of all of them, of the idle ones and of those serving an
   * unapproved or a stale version (cost_summary: known costs only); the costliest variants; and why
   * the others' cost is unknown (unknown is not zero: no sum counts it).
   */
  private static void endpointCosts(Map<String, String> queries) {
    queries.put(
        "costSummary",
        "SELECT business_unit, serving_variants, unknown_variants, monthly_cost_usd, idle_monthly_cost_usd,"
            + " unapproved_monthly_cost_usd, stale_monthly_cost_usd FROM cost_summary"
            + " ORDER BY monthly_cost_usd DESC, business_unit");
    queries.put(
        "topCosts",
        "SELECT endpoint_name, variant_name, variant_kind, account_id, region, coalesce(business_unit, '(none)')"
            + " AS business_unit, owner, capacity, instance_type, instance_count, serverless_memory_mb, usd_per_unit,"
            + " price_unit, monthly_cost_usd, cost_status, is_idle, serves_unapproved, serves_stale FROM endpoint_costs"
            + " ORDER BY monthly_cost_usd DESC NULLS LAST, endpoint_name, variant_name, account_id, region LIMIT "
            + TOP_COSTS);
    queries.put(
        "unknownCosts",
        "SELECT cost_status, count(*) AS variants FROM endpoint_costs WHERE cost_status <> 'priced'"
            + " GROUP BY cost_status ORDER BY variants DESC, cost_status");
  }

  /**
   * "Findings over time": the rows of the recorded findings (smgov findings record), aggregated
   * here so the page stays small. All are empty until a snapshot was recorded.
   */
  private static void findingsOverTime(Map<String, String> queries) {
    // Every recorded snapshot date with the account/regions recorded that day: the time axis (a
    // day whose findings were all resolved has no trend row, yet it was recorded).
    queries.put(
        "findingDays",
        "SELECT snapshot_date, count(*) AS recorded FROM (SELECT DISTINCT account_id, region, snapshot_date"
            + " FROM finding_runs) r GROUP BY snapshot_date ORDER BY snapshot_date");
    // Open (not waived) and waived findings per recorded day and category.
    queries.put(
        "findingTrends",
        "SELECT snapshot_date, category, CAST(sum(open_findings) AS BIGINT) AS open_findings,"
            + " CAST(sum(waived_findings) AS BIGINT) AS waived_findings FROM finding_trends"
            + " GROUP BY snapshot_date, category ORDER BY snapshot_date, category");
    // Findings opened (new, reopened, waiver expired) and resolved per ISO week.
    queries.put(
        "findingWeeks",
        "SELECT week, CAST(sum(opened) AS BIGINT) AS opened, CAST(sum(resolved) AS BIGINT) AS resolved"
            + " FROM finding_trends GROUP BY week ORDER BY week");
    // Per business unit: findings open and waived now, resolved, and the exact median of the
    // resolved ones' days open (the middle one, or the mean of the two middle ones: twice the
    // position is compared with the count, as in approval_funnel).
    queries.put(
        "findingResolution",
        "WITH h AS (SELECT coalesce(business_unit, '(none)') AS business_unit, status, days_open FROM finding_history),"
            + " ranked AS (SELECT h.*, row_number() OVER (PARTITION BY business_unit, status ORDER BY days_open)"
            + " AS position, sum(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END) OVER (PARTITION BY business_unit)"
            + " AS resolved_count FROM h)"
            + " SELECT business_unit, CAST(sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS BIGINT) AS open_findings,"
            + " CAST(sum(CASE WHEN status = 'waived' THEN 1 ELSE 0 END) AS BIGINT) AS waived_findings,"
            + " CAST(sum(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END) AS BIGINT) AS resolved,"
            + " avg(CASE WHEN status = 'resolved' AND 2 * position BETWEEN resolved_count AND resolved_count + 2"
            + " THEN CAST(days_open AS DOUBLE) END) AS median_days_to_resolve"
            + " FROM ranked GROUP BY business_unit ORDER BY business_unit");
    // What each account and region's newest recorded snapshot opened and resolved.
    queries.put(
        "findingChanges",
        "SELECT snapshot_date, previous_snapshot_date, change, severity, rule_id, category, account_id, region,"
            + " model_package_group_name, model_package_version, endpoint_name, variant_name, owner,"
            + " coalesce(business_unit, '(none)') AS business_unit, detail, count(*) OVER () AS total"
            + " FROM finding_changes ORDER BY snapshot_date DESC, change, "
            + SEVERITY_ORDER
            + ", rule_id, account_id, region, finding_id LIMIT "
            + MAX_FINDING_ROWS);
    // The findings accepted on purpose now: by whom, why and until when (soonest expiry first).
    queries.put(
        "findingWaivers",
        "SELECT rule_id, category, severity, account_id, region, model_package_group_name, model_package_version,"
            + " endpoint_name, variant_name, owner, coalesce(business_unit, '(none)') AS business_unit, detail,"
            + " opened_date, days_open, waiver_resource, waiver_reason, waiver_approved_by, waiver_expires,"
            + " count(*) OVER () AS total FROM finding_history WHERE status = 'waived'"
            + " ORDER BY waiver_expires, "
            + SEVERITY_ORDER
            + ", rule_id, account_id, region, finding_id LIMIT "
            + MAX_FINDING_ROWS);
  }

  /** What {@link #write} wrote. */
  public record Written(Path file, long bytes, int findings, int versions) {
    public String describe() {
      return String.format(
          "%s (%d findings, %d versions, %d KiB)", file, findings, versions, (bytes + 1023) / 1024);
    }
  }

  /** Renders the report of the warehouse {@code engine} reads. */
  public static String render(EmbeddedEngine engine, Policy policy, Instant generatedAt) {
    return template().replace(MARKER, json(data(engine, policy, generatedAt)));
  }

  public static Written write(EmbeddedEngine engine, Policy policy, Path out) {
    ObjectNode data = data(engine, policy, Instant.now());
    byte[] html = template().replace(MARKER, json(data)).getBytes(StandardCharsets.UTF_8);
    try {
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      Files.write(out, html);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the report to " + out + ": " + e.getMessage(), e);
    }
    return new Written(
        out, html.length, data.path("findings").size(), data.path("versions").size());
  }

  private static ObjectNode data(EmbeddedEngine engine, Policy policy, Instant generatedAt) {
    ObjectNode data = JSON.createObjectNode();
    data.put("generatedAt", generatedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    data.put("toolVersion", Version.current());
    data.put("maxVersions", MAX_VERSIONS);
    data.put("maxFindingRows", MAX_FINDING_ROWS);
    ObjectNode thresholds = data.putObject("policy");
    thresholds.put("stale_after_days", policy.staleAfterDays());
    thresholds.put("pending_after_days", policy.pendingAfterDays());
    thresholds.put("required_tags", String.join(", ", policy.requiredTags()));
    thresholds.put("idle_days", policy.idleDays());
    thresholds.put("latency_p90_ms", policy.latencyP90Ms());
    data.set("rules", rules(RuleCatalog.load()));
    for (Map.Entry<String, String> query : queries().entrySet()) {
      data.set(query.getKey(), rows(engine.query(query.getValue())));
    }
    return data;
  }

  /** The rule legend: every rule of the catalog, in its order, as the page shows it. */
  static ArrayNode rules(RuleCatalog catalog) {
    ArrayNode rules = JSON.createArrayNode();
    for (RuleCatalog.Rule rule : catalog.rules()) {
      ObjectNode r = rules.addObject();
      r.put("id", rule.id());
      r.put("category", rule.category());
      r.put("severity", rule.severityText());
      r.put("grain", rule.perText());
      r.put("description", rule.description());
      r.put("remedy", rule.remedy());
      r.put("rationale", rule.rationale());
      rule.controls().nistAiRmf().forEach(r.putArray("nist_ai_rmf")::add);
      rule.controls().iso42001().forEach(r.putArray("iso_42001")::add);
      rule.controls().euAiAct().forEach(r.putArray("eu_ai_act")::add);
    }
    return rules;
  }

  private static String json(ObjectNode data) {
    try {
      // Inside a <script> element "</" must not appear: it could end the element. "<!--" neither.
      return JSON.writeValueAsString(data).replace("</", "<\\/").replace("<!--", "<\\u0021--");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ArrayNode rows(EmbeddedEngine.QueryResult result) {
    ArrayNode rows = JSON.createArrayNode();
    for (List<Object> values : result.rows()) {
      ObjectNode row = rows.addObject();
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        String column = result.columns().get(i);
        if (value == null) {
          row.putNull(column);
        } else if (value instanceof LocalDateTime || value instanceof LocalDate) {
          row.put(column, value.toString());
        } else if (value instanceof Double && !Double.isFinite((Double) value)) {
          row.putNull(column);
        } else {
          row.set(column, JSON.valueToTree(value));
        }
      }
    }
    return rows;
  }

  private static String template() {
    try (InputStream in = GovernanceReport.class.getResourceAsStream("/report/template.html")) {
      if (in == null) {
        throw new IllegalStateException("report/template.html is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
