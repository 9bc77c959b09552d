-- What changed on the newest recorded day, per account and region recorded that day, against its
-- snapshot recorded before: opened (open now - present and not waived - and not open before: new,
-- reopened, or its waiver expired) and resolved (present before, gone now). The first recorded
-- snapshot of an account and region opens every open finding (previous_snapshot_date is null). An
-- account whose export failed on the newest day has no changes that day (its earlier ones were that
-- day's news, not today's), and none of its findings is resolved.
CREATE OR REPLACE VIEW "${database}"."finding_changes" AS
WITH recorded AS (
  SELECT
    account_id,
    region,
    snapshot_date,
    row_number() OVER (PARTITION BY account_id, region ORDER BY snapshot_date DESC) AS age
  FROM (SELECT DISTINCT account_id, region, snapshot_date FROM "${database}".finding_runs) runs
),
pair AS (
  SELECT n.account_id, n.region, n.snapshot_date, p.snapshot_date AS previous_snapshot_date
  FROM recorded n
  LEFT JOIN recorded p ON p.account_id = n.account_id AND p.region = n.region AND p.age = 2
  WHERE n.age = 1
    AND n.snapshot_date = (SELECT max(snapshot_date) FROM "${database}".finding_runs)
),
now_rows AS (
  SELECT f.*, pr.previous_snapshot_date,
    (f.waiver_expires IS NULL OR f.waiver_expires < f.snapshot_date) AS is_open
  FROM "${database}".findings f
  JOIN pair pr
    ON pr.account_id = f.account_id AND pr.region = f.region AND pr.snapshot_date = f.snapshot_date
),
before_rows AS (
  SELECT f.*, pr.snapshot_date AS newest_snapshot_date,
    (f.waiver_expires IS NULL OR f.waiver_expires < f.snapshot_date) AS is_open
  FROM "${database}".findings f
  JOIN pair pr
    ON pr.account_id = f.account_id AND pr.region = f.region
    AND pr.previous_snapshot_date = f.snapshot_date
)
SELECT
  n.snapshot_date,
  n.previous_snapshot_date,
  n.account_id,
  n.region,
  n.rule_id,
  n.category,
  n.severity,
  n.model_package_group_name,
  n.model_package_arn,
  n.model_package_version,
  n.endpoint_name,
  n.variant_name,
  n.owner,
  n.business_unit,
  n.detail,
  n.resource_arn,
  n.finding_id,
  'opened' AS change
FROM now_rows n
WHERE n.is_open
  AND NOT EXISTS (
    SELECT 1 FROM before_rows b
    WHERE b.account_id = n.account_id AND b.region = n.region AND b.finding_id = n.finding_id
      AND b.is_open)

UNION ALL

SELECT
  b.newest_snapshot_date,
  b.snapshot_date,
  b.account_id,
  b.region,
  b.rule_id,
  b.category,
  b.severity,
  b.model_package_group_name,
  b.model_package_arn,
  b.model_package_version,
  b.endpoint_name,
  b.variant_name,
  b.owner,
  b.business_unit,
  b.detail,
  b.resource_arn,
  b.finding_id,
  'resolved' AS change
FROM before_rows b
WHERE NOT EXISTS (
  SELECT 1 FROM now_rows n
  WHERE n.account_id = b.account_id AND n.region = b.region AND n.finding_id = b.finding_id)
