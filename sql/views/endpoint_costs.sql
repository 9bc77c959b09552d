-- What each production endpoint variant costs a month, estimated from the on-demand hosting price
-- of its instance type in its region (the prices table: the region's newest prices on or before
-- the snapshot, from the AWS Price List API) x its current instance count x 730 hours (AWS's month).
-- Unknown is not zero: monthly_cost_usd is null, and cost_status says why, when the variant has no
-- instance type (serverless, or inference components priced by their endpoint's instances are
-- counted on the variant that holds them), when no prices were read for the region
-- (prices_not_read: the caller may not call pricing:GetProducts), or when the price list has no
-- price for the type (no_price). Left out: data transfer, storage, savings plans and reserved
-- capacity, and spot. serves_unapproved / serves_stale: the variant serves a version that is not
-- Approved / older than the policy's stale_after_days (${stale_after_days}).
CREATE OR REPLACE VIEW "${database}"."endpoint_costs" AS
WITH variants AS (
  SELECT
    snapshot_date,
    account_id,
    region,
    endpoint_name,
    endpoint_arn,
    variant_name,
    min(instance_type) AS instance_type,
    max(instance_count) AS instance_count,
    min(business_unit) AS business_unit,
    min(owner) AS owner,
    max(CASE WHEN is_idle THEN 1 ELSE 0 END) = 1 AS is_idle,
    max(CASE WHEN approval_status IS NOT NULL AND approval_status <> 'Approved' THEN 1 ELSE 0 END) = 1
      AS serves_unapproved,
    max(CASE WHEN version_age_ms > CAST(${stale_after_days} AS BIGINT) * 86400000 THEN 1 ELSE 0 END) = 1
      AS serves_stale
  FROM "${database}".deployments
  WHERE is_production
  GROUP BY snapshot_date, account_id, region, endpoint_name, endpoint_arn, variant_name
),
price_days AS (
  -- Each region's snapshot dates from latest_snapshot, not from variants: a second reference to
  -- variants would make Athena inline deployments twice.
  SELECT s.region, s.snapshot_date, max(p.snapshot_date) AS price_date
  FROM (SELECT DISTINCT region, snapshot_date FROM "${database}".latest_snapshot) s
  JOIN "${database}".prices p ON p.region = s.region AND p.snapshot_date <= s.snapshot_date
  GROUP BY s.region, s.snapshot_date
),
hourly AS (
  SELECT region, snapshot_date AS price_date, instance_type, min(usd_per_unit) AS usd_per_hour
  FROM "${database}".prices
  WHERE component = 'Hosting' AND unit = 'Hrs'
  GROUP BY region, snapshot_date, instance_type
)
SELECT
  v.snapshot_date,
  v.account_id,
  v.region,
  v.endpoint_name,
  v.endpoint_arn,
  v.variant_name,
  v.instance_type,
  v.instance_count,
  d.price_date,
  h.usd_per_hour,
  round(h.usd_per_hour * v.instance_count * 730, 2) AS monthly_cost_usd,
  CASE
    WHEN v.instance_type IS NULL THEN 'no_instance_type'
    WHEN d.price_date IS NULL THEN 'prices_not_read'
    WHEN h.usd_per_hour IS NULL THEN 'no_price'
    ELSE 'priced'
  END AS cost_status,
  v.is_idle,
  v.serves_unapproved,
  v.serves_stale,
  v.owner,
  v.business_unit
FROM variants v
LEFT JOIN price_days d ON d.region = v.region AND d.snapshot_date = v.snapshot_date
LEFT JOIN hourly h
  ON h.region = v.region AND h.price_date = d.price_date AND h.instance_type = v.instance_type
