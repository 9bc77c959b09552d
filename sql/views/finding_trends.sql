-- Per recorded snapshot date, category, severity and business unit: the findings open and waived
-- that day, and those opened and resolved that day. Each day counts every account and region at its
-- newest recorded snapshot on or before that day, so an account whose export failed that day still
-- counts (with what it last showed) instead of dropping out of the trend. week is the date's
-- ISO week (Monday).
CREATE OR REPLACE VIEW "${database}"."finding_trends" AS
WITH recorded AS (
  SELECT DISTINCT account_id, region, snapshot_date FROM "${database}".finding_runs
),
as_of AS (
  SELECT d.day, r.account_id, r.region, max(r.snapshot_date) AS snapshot_date
  FROM (SELECT DISTINCT snapshot_date AS day FROM recorded) d
  JOIN recorded r ON r.snapshot_date <= d.day
  GROUP BY d.day, r.account_id, r.region
),
facts AS (
  SELECT
    h.finding_id, h.account_id, h.region, h.category, h.severity,
    coalesce(h.business_unit, '(none)') AS business_unit
  FROM "${database}".finding_history h
),
counts AS (
  SELECT
    a.day, f.category, f.severity, coalesce(f.business_unit, '(none)') AS business_unit,
    CASE WHEN f.waiver_expires >= f.snapshot_date THEN 0 ELSE 1 END AS open_findings,
    CASE WHEN f.waiver_expires >= f.snapshot_date THEN 1 ELSE 0 END AS waived_findings,
    0 AS opened, 0 AS resolved
  FROM as_of a
  JOIN "${database}".findings f
    ON f.account_id = a.account_id AND f.region = a.region AND f.snapshot_date = a.snapshot_date
  UNION ALL
  SELECT e.opened_date, x.category, x.severity, x.business_unit, 0, 0, 1, 0
  FROM "${database}".finding_episodes e
  JOIN facts x ON x.account_id = e.account_id AND x.region = e.region AND x.finding_id = e.finding_id
  UNION ALL
  SELECT e.resolved_date, x.category, x.severity, x.business_unit, 0, 0, 0, 1
  FROM "${database}".finding_episodes e
  JOIN facts x ON x.account_id = e.account_id AND x.region = e.region AND x.finding_id = e.finding_id
  WHERE e.resolved_date IS NOT NULL
)
SELECT
  day AS snapshot_date,
  CAST(date_trunc('week', day) AS DATE) AS week,
  category,
  severity,
  business_unit,
  CAST(sum(open_findings) AS BIGINT) AS open_findings,
  CAST(sum(waived_findings) AS BIGINT) AS waived_findings,
  CAST(sum(opened) AS BIGINT) AS opened,
  CAST(sum(resolved) AS BIGINT) AS resolved
FROM counts
GROUP BY day, category, severity, business_unit
