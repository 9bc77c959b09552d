-- The portfolio at a glance, per account and region of the newest snapshots: groups, versions by
-- approval status, what runs in production, and findings by severity and category. Counts come
-- from the tables directly and findings from governance_findings: Athena inlines every view a query
-- names, so this reads each source once.
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
      THEN d.model_package_arn END) AS versions_in_production
  FROM "${database}".endpoint_deployments d
  JOIN "${database}".latest_snapshot l
    ON d.account_id = l.account_id AND d.region = l.region AND d.snapshot_date = l.snapshot_date
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
    count(*) FILTER (WHERE category = 'operational') AS operational_findings
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
  coalesce(f.operational_findings, 0) AS operational_findings
FROM "${database}".latest_snapshot l
LEFT JOIN registry r ON r.account_id = l.account_id AND r.region = l.region
LEFT JOIN endpoints e ON e.account_id = l.account_id AND e.region = l.region
LEFT JOIN findings f ON f.account_id = l.account_id AND f.region = l.region
