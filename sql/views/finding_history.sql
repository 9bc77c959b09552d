-- One row per finding ever recorded (smgov findings record): when it was first seen, when its
-- current (or last) episode opened (finding_episodes), when it was last seen and resolved, and its
-- status now - resolved (a later recorded snapshot of its account and region is without it),
-- waived (in the newest recorded snapshot, accepted by a policy waiver that had not expired that
-- day) or open. A failed or unrecorded day resolves nothing. days_open: from the episode's opening
-- to its resolution, or to the newest recorded snapshot while it stays open or waived. The
-- attributes (severity, owner, detail, waiver) are those of its last recorded row.
CREATE OR REPLACE VIEW "${database}"."finding_history" AS
WITH summary AS (
  SELECT
    account_id, region, finding_id, min(opened_date) AS first_seen_date,
    max(opened_date) AS opened_date, max(last_seen_date) AS last_seen_date,
    count(*) AS times_opened
  FROM "${database}".finding_episodes
  GROUP BY account_id, region, finding_id
),
last_row AS (
  SELECT
    f.*,
    row_number() OVER (
      PARTITION BY f.account_id, f.region, f.finding_id ORDER BY f.snapshot_date DESC) AS position
  FROM "${database}".findings f
  JOIN (SELECT DISTINCT account_id, region, snapshot_date FROM "${database}".finding_runs) r
    ON r.account_id = f.account_id AND r.region = f.region AND r.snapshot_date = f.snapshot_date
)
SELECT
  s.finding_id,
  l.account_id,
  l.region,
  l.rule_id,
  l.category,
  l.severity,
  l.resource_arn,
  l.model_package_group_name,
  l.model_package_arn,
  l.model_package_version,
  l.endpoint_name,
  l.variant_name,
  l.owner,
  l.business_unit,
  l.detail,
  s.first_seen_date,
  s.opened_date,
  s.last_seen_date,
  e.resolved_date,
  CASE
    WHEN e.resolved_date IS NOT NULL THEN 'resolved'
    WHEN l.waiver_expires >= l.snapshot_date THEN 'waived'
    ELSE 'open'
  END AS status,
  date_diff('day', s.opened_date, coalesce(e.resolved_date, e.newest_snapshot_date)) AS days_open,
  s.times_opened,
  l.waiver_resource,
  l.waiver_reason,
  l.waiver_approved_by,
  l.waiver_expires
FROM summary s
JOIN last_row l
  ON l.account_id = s.account_id AND l.region = s.region AND l.finding_id = s.finding_id
  AND l.position = 1
JOIN "${database}".finding_episodes e
  ON e.account_id = s.account_id AND e.region = s.region AND e.finding_id = s.finding_id
  AND e.opened_date = s.opened_date
