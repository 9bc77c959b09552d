-- The portfolio at a glance, per account and region of the newest snapshots: groups, versions by
-- approval status, what runs in production, findings by severity and category, and what serving
-- endpoints cost a month: monthly_cost_usd sums every variant of a serving endpoint (the estimate
-- of sql/fragments/variant_monthly_cost.sql, as endpoint_costs; null when no variant's cost is
-- known, unknown_cost_variants counting those left out), idle_monthly_cost_usd the variants of the
-- IDLE_ENDPOINT findings (0 without any, null when none of theirs is known). Counts and costs come from the tables directly, findings from
-- governance_findings: Athena inlines every view a query names (endpoint_costs would inline
-- deployments a second time, past Athena's 150 stages), so this reads each source once.
CREATE OR REPLACE VIEW "${database}"."portfolio_summary" AS
WITH registry AS (
  SELECT
    p.account_id,
    p.region,
    count(DISTINCT p.group_name) AS group_count,
    count(*) AS version_count,
    count(*) FILTER (WHERE p.approval_status = 'Approved') AS approved_versions,
    count(*) FILTER (WHERE p.approval_status = 'PendingManualApproval') AS pending_versions,
    count(*) FILTER (WHERE p.approval_status = 'Rejected') AS rejected_versions
  FROM "${database}".model_packages p
  JOIN "${database}".latest_snapshot l
    ON p.account_id = l.account_id AND p.region = l.region AND p.snapshot_date = l.snapshot_date
  WHERE NOT p.is_shared
  GROUP BY p.account_id, p.region
),
current_rows AS (
  -- The newest snapshot's endpoint rows with their variant's monthly cost; variant_row = 1 marks
  -- one row per variant (a variant has a row per container or inference component).
  SELECT
    d.account_id,
    d.region,
    d.endpoint_arn,
    d.endpoint_status,
    d.variant_kind,
    d.inference_component_name,
    d.inference_component_status,
    d.model_package_arn,
    ${variant_monthly_cost} AS monthly_cost_usd,
    row_number() OVER (
      PARTITION BY d.account_id, d.region, d.endpoint_arn, d.variant_name
      ORDER BY d.inference_component_name NULLS FIRST, d.container_index NULLS FIRST) AS variant_row
  FROM "${database}".endpoint_deployments d
  JOIN "${database}".latest_snapshot l
    ON d.account_id = l.account_id AND d.region = l.region AND d.snapshot_date = l.snapshot_date
  LEFT JOIN "${database}".endpoint_metrics m
    ON m.account_id = d.account_id AND m.region = d.region AND m.snapshot_date = d.snapshot_date
    AND m.endpoint_arn = d.endpoint_arn AND m.variant_name = d.variant_name
),
endpoints AS (
  SELECT
    d.account_id,
    d.region,
    count(DISTINCT d.endpoint_arn) AS endpoint_count,
    count(DISTINCT CASE WHEN d.variant_kind = 'production'
      AND d.endpoint_status IN ${serving_statuses}
      THEN d.endpoint_arn END) AS production_endpoints,
    count(DISTINCT CASE WHEN d.variant_kind = 'production'
      AND d.endpoint_status IN ${serving_statuses}
      AND (d.inference_component_name IS NULL OR d.inference_component_status = 'InService')
      THEN d.model_package_arn END) AS versions_in_production,
    count(CASE WHEN d.variant_row = 1 AND d.endpoint_status IN ${serving_statuses} THEN 1 END)
      AS serving_variants,
    round(sum(CASE WHEN d.variant_row = 1 AND d.endpoint_status IN ${serving_statuses}
      THEN d.monthly_cost_usd END), 2) AS monthly_cost_usd,
    count(CASE WHEN d.variant_row = 1 AND d.endpoint_status IN ${serving_statuses}
      AND d.monthly_cost_usd IS NULL THEN 1 END) AS unknown_cost_variants
  FROM current_rows d
  GROUP BY d.account_id, d.region
),
findings AS (
  SELECT
    account_id,
    region,
    count(*) AS finding_count,
    count(*) FILTER (WHERE severity = 'critical') AS critical_findings,
    count(*) FILTER (WHERE severity = 'high') AS high_findings,
    count(*) FILTER (WHERE severity = 'medium') AS medium_findings,
    count(*) FILTER (WHERE severity = 'low') AS low_findings,
    count(*) FILTER (WHERE category = 'unapproved') AS unapproved_findings,
    count(*) FILTER (WHERE category = 'stale') AS stale_findings,
    count(*) FILTER (WHERE category = 'undocumented') AS undocumented_findings,
    count(*) FILTER (WHERE category = 'integrity') AS integrity_findings,
    count(*) FILTER (WHERE category = 'operational') AS operational_findings,
    count(*) FILTER (WHERE rule_id = 'IDLE_ENDPOINT') AS idle_findings,
    round(sum(CASE WHEN rule_id = 'IDLE_ENDPOINT' THEN monthly_cost_usd END), 2) AS idle_monthly_cost_usd
  FROM "${database}".governance_findings
  GROUP BY account_id, region
)
SELECT
  l.snapshot_date,
  l.snapshot_time,
  l.account_id,
  l.region,
  coalesce(r.group_count, 0) AS group_count,
  coalesce(r.version_count, 0) AS version_count,
  coalesce(r.approved_versions, 0) AS approved_versions,
  coalesce(r.pending_versions, 0) AS pending_versions,
  coalesce(r.rejected_versions, 0) AS rejected_versions,
  coalesce(e.endpoint_count, 0) AS endpoint_count,
  coalesce(e.production_endpoints, 0) AS production_endpoints,
  coalesce(e.versions_in_production, 0) AS versions_served_in_production,
  coalesce(f.finding_count, 0) AS finding_count,
  coalesce(f.critical_findings, 0) AS critical_findings,
  coalesce(f.high_findings, 0) AS high_findings,
  coalesce(f.medium_findings, 0) AS medium_findings,
  coalesce(f.low_findings, 0) AS low_findings,
  coalesce(f.unapproved_findings, 0) AS unapproved_findings,
  coalesce(f.stale_findings, 0) AS stale_findings,
  coalesce(f.undocumented_findings, 0) AS undocumented_findings,
  coalesce(f.integrity_findings, 0) AS integrity_findings,
  coalesce(f.operational_findings, 0) AS operational_findings,
  CASE WHEN coalesce(e.serving_variants, 0) = 0 THEN 0 ELSE e.monthly_cost_usd END AS monthly_cost_usd,
  CASE WHEN coalesce(f.idle_findings, 0) = 0 THEN 0 ELSE f.idle_monthly_cost_usd END
    AS idle_monthly_cost_usd,
  coalesce(e.unknown_cost_variants, 0) AS unknown_cost_variants
FROM "${database}".latest_snapshot l
LEFT JOIN registry r ON r.account_id = l.account_id AND r.region = l.region
LEFT JOIN endpoints e ON e.account_id = l.account_id AND e.region = l.region
LEFT JOIN findings f ON f.account_id = l.account_id AND f.region = l.region
