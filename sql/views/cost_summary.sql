-- What serving endpoints cost a month, by business unit: all of them, the idle ones (a
-- decommission candidate), those serving an unapproved version and those serving a stale one
-- (the policy's stale_after_days), each the sum of endpoint_costs' known costs; unknown_variants
-- counts the variants whose cost is unknown (left out of every sum, never zero). A sum is 0 when
-- no variant is in it, and null when there are some but none has a known cost. A variant whose
-- idleness is unknown (no CloudWatch metrics) is in no idle sum.
CREATE OR REPLACE VIEW "${database}"."cost_summary" AS
SELECT
  coalesce(business_unit, '(none)') AS business_unit,
  count(*) AS serving_variants,
  count(CASE WHEN cost_status <> 'priced' THEN 1 END) AS unknown_variants,
  round(sum(monthly_cost_usd), 2) AS monthly_cost_usd,
  CASE WHEN count(CASE WHEN is_idle THEN 1 END) = 0 THEN 0
    ELSE round(sum(CASE WHEN is_idle THEN monthly_cost_usd END), 2) END AS idle_monthly_cost_usd,
  CASE WHEN count(CASE WHEN serves_unapproved THEN 1 END) = 0 THEN 0
    ELSE round(sum(CASE WHEN serves_unapproved THEN monthly_cost_usd END), 2) END
    AS unapproved_monthly_cost_usd,
  CASE WHEN count(CASE WHEN serves_stale THEN 1 END) = 0 THEN 0
    ELSE round(sum(CASE WHEN serves_stale THEN monthly_cost_usd END), 2) END AS stale_monthly_cost_usd
FROM "${database}".endpoint_costs
GROUP BY coalesce(business_unit, '(none)')
