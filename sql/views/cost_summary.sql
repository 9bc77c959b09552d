-- What serving endpoints cost a month, by business unit: all of them, the idle ones (a
-- decommission candidate), those serving an unapproved version and those serving a stale one
-- (the policy's stale_after_days), each the sum of endpoint_costs' known costs; unknown_variants
-- counts the variants whose cost is unknown (left out of every sum, never zero).
CREATE OR REPLACE VIEW "${database}"."cost_summary" AS
SELECT
  coalesce(business_unit, '(none)') AS business_unit,
  count(*) AS serving_variants,
  CAST(sum(CASE WHEN cost_status <> 'priced' THEN 1 ELSE 0 END) AS BIGINT) AS unknown_variants,
  coalesce(round(sum(monthly_cost_usd), 2), 0) AS monthly_cost_usd,
  coalesce(round(sum(CASE WHEN is_idle THEN monthly_cost_usd END), 2), 0) AS idle_monthly_cost_usd,
  coalesce(round(sum(CASE WHEN serves_unapproved THEN monthly_cost_usd END), 2), 0)
    AS unapproved_monthly_cost_usd,
  coalesce(round(sum(CASE WHEN serves_stale THEN monthly_cost_usd END), 2), 0)
    AS stale_monthly_cost_usd
FROM "${database}".endpoint_costs
GROUP BY coalesce(business_unit, '(none)')
