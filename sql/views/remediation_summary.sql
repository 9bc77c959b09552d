-- Per month, business unit and rule: findings opened (episodes that began that month, reopenings
-- included), resolved (episodes that ended that month) with the median days they stayed open, and
-- how many of that month's openings are still open or waived now. Months are calendar months of the
-- recorded snapshot dates (UTC); a finding's business unit and rule are those of its last record.
CREATE OR REPLACE VIEW "${database}"."remediation_summary" AS
WITH episodes AS (
  SELECT
    coalesce(h.business_unit, '(none)') AS business_unit,
    h.rule_id,
    h.category,
    e.opened_date,
    e.resolved_date,
    date_diff('day', e.opened_date, e.resolved_date) AS days_to_resolve
  FROM "${database}".finding_episodes e
  JOIN "${database}".finding_history h
    ON h.account_id = e.account_id AND h.region = e.region AND h.finding_id = e.finding_id
),
events AS (
  SELECT
    CAST(date_trunc('month', opened_date) AS DATE) AS month, business_unit, rule_id, category,
    1 AS opened, 0 AS resolved, CASE WHEN resolved_date IS NULL THEN 1 ELSE 0 END AS still_open,
    CAST(NULL AS BIGINT) AS days_to_resolve
  FROM episodes
  UNION ALL
  SELECT
    CAST(date_trunc('month', resolved_date) AS DATE), business_unit, rule_id, category,
    0, 1, 0, days_to_resolve
  FROM episodes
  WHERE resolved_date IS NOT NULL
),
ranked AS (
  SELECT
    ev.*,
    row_number() OVER (
      PARTITION BY month, business_unit, rule_id, resolved ORDER BY days_to_resolve) AS position,
    sum(resolved) OVER (PARTITION BY month, business_unit, rule_id) AS resolved_count
  FROM events ev
)
SELECT
  month,
  business_unit,
  rule_id,
  category,
  CAST(sum(opened) AS BIGINT) AS opened,
  CAST(sum(resolved) AS BIGINT) AS resolved,
  -- The middle resolution time, or the mean of the two middle ones (twice the position is
  -- compared with the count: no integer division).
  avg(CASE
    WHEN resolved = 1 AND 2 * position BETWEEN resolved_count AND resolved_count + 2
    THEN CAST(days_to_resolve AS DOUBLE) END) AS median_days_to_resolve,
  CAST(sum(still_open) AS BIGINT) AS still_open
FROM ranked
GROUP BY month, business_unit, rule_id, category
