-- Per account and region: the last export run (status, what it could not read), the last snapshot
-- that was written, and how many days that is behind the newest snapshot of any account: the
-- coverage and freshness of the data everything else is computed from.
CREATE OR REPLACE VIEW "${database}"."export_health" AS
WITH runs AS (
  SELECT
    r.*,
    row_number() OVER (
      PARTITION BY r.account_id, r.region ORDER BY r.snapshot_date DESC, r.finished_at DESC, r.run_id DESC) AS run_rank
  FROM "${database}".export_runs r
),
written AS (
  SELECT account_id, region, max(snapshot_date) AS last_written_date
  FROM "${database}".export_runs
  WHERE status <> 'failed'
  GROUP BY account_id, region
),
newest AS (
  SELECT max(snapshot_date) AS newest_snapshot_date
  FROM "${database}".export_runs
)
SELECT
  r.account_id,
  r.region,
  r.snapshot_date AS last_run_date,
  r.run_snapshot_time AS last_run_snapshot_time,
  r.run_id AS last_run_id,
  r.status AS last_status,
  r.error_kind,
  r.error_message,
  r.warnings,
  r.strategy,
  r.mode,
  r.started_at,
  r.finished_at,
  w.last_written_date,
  date_diff('day', w.last_written_date, n.newest_snapshot_date) AS days_behind,
  r.rows_model_package_groups AS group_count,
  r.rows_model_packages AS version_count,
  r.rows_endpoint_deployments AS deployment_rows,
  r.rows_metric_reports AS reports,
  r.api_calls_total,
  r.throttled_calls,
  r.reports_fetched,
  r.reports_reused,
  r.lineage_listed,
  r.lineage_reused,
  r.lineage_queried,
  r.tool_version
FROM runs r
CROSS JOIN newest n
LEFT JOIN written w ON w.account_id = r.account_id AND w.region = r.region
WHERE r.run_rank = 1
