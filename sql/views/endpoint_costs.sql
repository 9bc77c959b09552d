-- What each variant of a serving endpoint (InService, Updating, SystemUpdating, RollingBack: it
-- runs, so it bills) costs a month on demand, production and shadow variants alike: its instance
-- type and current instance count, or its serverless memory and concurrency, the price the export
-- stamped on it (the region's newest prices on or before the snapshot, from the AWS Price List API)
-- and the estimate computed once in deployments. An instance variant: hourly price x current
-- instance count x 730 hours (AWS's month); hours_in_window are its instance-hours over the metrics
-- window, which ends at midnight of the snapshot date (from the endpoint's creation if later). A
-- serverless variant: its price per second at its memory size x its compute time (ModelLatency,
-- Sum) over the metrics window, scaled to 730 hours; hours_in_window is that compute time. Unknown
-- is not zero: monthly_cost_usd is null and cost_status says why (capacity_unknown,
-- prices_not_read, no_price, no_metrics). Inference components share their variant's instances:
-- the variant's cost is counted once, here. Left out: data transfer and processing, storage,
-- provisioned concurrency, savings plans, reserved capacity. is_idle is the policy's (${idle_days}
-- days; null when the metrics were not read); serves_unapproved / serves_stale: a production variant serves a version that is not
-- Approved / older than the policy's stale_after_days (${stale_after_days}).
CREATE OR REPLACE VIEW "${database}"."endpoint_costs" AS
SELECT
  snapshot_date,
  account_id,
  region,
  endpoint_name,
  endpoint_arn,
  variant_name,
  variant_kind,
  CASE
    WHEN min(instance_type) IS NOT NULL THEN 'instances'
    WHEN max(serverless_memory_mb) IS NOT NULL THEN 'serverless'
  END AS capacity,
  min(instance_type) AS instance_type,
  max(instance_count) AS instance_count,
  max(serverless_memory_mb) AS serverless_memory_mb,
  max(serverless_max_concurrency) AS serverless_max_concurrency,
  max(metrics_window_days) AS metrics_window_days,
  round(CASE
    WHEN min(instance_type) IS NOT NULL AND max(metrics_window_days) IS NOT NULL
      AND min(endpoint_creation_time) IS NOT NULL
      THEN max(instance_count) * greatest(0e0, least(CAST(max(metrics_window_days) * 24 AS DOUBLE),
        date_diff('second', min(endpoint_creation_time), CAST(min(snapshot_date) AS TIMESTAMP)) / 3600e0))
    WHEN max(serverless_memory_mb) IS NOT NULL AND max(metrics_window_days) IS NOT NULL
      THEN coalesce(max(model_latency_sum_ms), 0) / 3600000e0
  END, 2) AS hours_in_window,
  max(price_date) AS price_date,
  max(usd_per_unit) AS usd_per_unit,
  min(price_unit) AS price_unit,
  max(monthly_cost_usd) AS monthly_cost_usd,
  min(cost_status) AS cost_status,
  bool_or(is_idle) AS is_idle,
  coalesce(bool_or(is_production AND approval_status IS NOT NULL AND approval_status <> 'Approved'), false)
    AS serves_unapproved,
  coalesce(bool_or(is_production AND version_age_ms > CAST(${stale_after_days} AS BIGINT) * 86400000), false)
    AS serves_stale,
  min(owner) AS owner,
  min(business_unit) AS business_unit
FROM "${database}".deployments
WHERE endpoint_status IN ${serving_statuses}
GROUP BY snapshot_date, account_id, region, endpoint_name, endpoint_arn, variant_name, variant_kind
