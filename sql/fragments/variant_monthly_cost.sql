-- What one endpoint variant costs a month on demand, in USD, over an
-- endpoint_deployments row d (its instance type and current count, or its serverless memory, and
-- the price the export stamped on it) and its endpoint_metrics row m (LEFT JOINed: none when the
-- metrics were not read). Declared once; deployments and portfolio_summary render it.
--   instances:  hourly price x current instance count x 730 hours (AWS's month)
--   serverless: price per second at its memory size x its compute time (ModelLatency, Sum, in ms)
--               over the metrics window, scaled to 730 hours from the hours the endpoint existed
--               in the window (the window's, or fewer for an endpoint created within it; at least 1)
-- NULL, never zero, when unknown (no capacity, no price, or a serverless variant without metrics).
CASE
  WHEN d.instance_type IS NOT NULL
    THEN round(d.usd_per_unit * d.instance_count * 730, 2)
  WHEN d.serverless_memory_mb IS NOT NULL AND m.window_days > 0
    THEN round(d.usd_per_unit * coalesce(m.model_latency_sum_ms, 0) / 1000 * 730
      / least(m.window_days * 24e0, greatest(1e0, coalesce(
        date_diff('second', d.endpoint_creation_time, CAST(d.snapshot_date AS TIMESTAMP)) / 3600e0,
        m.window_days * 24e0))), 2)
END
