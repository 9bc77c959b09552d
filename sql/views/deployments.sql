-- Every endpoint variant and container in the newest snapshots, joined by ARN to the version it
-- serves, whichever account registered it (production accounts usually serve versions registered
-- in another account). A variant is in production when it is a production variant of an endpoint
-- that is InService, Updating, SystemUpdating or RollingBack, and, for a model hosted by an inference
-- component, the component is InService. Each variant also carries its operational signals
-- (CloudWatch over the metrics window, its endpoint's Model Monitor schedules and CloudWatch alarms),
-- with is_idle and is_over_latency_budget by the policy (idle_days ${idle_days}, latency_p90_ms
-- ${latency_p90_ms}). They are NULL when the export holds no such data for the account and region
-- (denied, failed or --metrics-days 0): unknown is not the same as none. is_idle compares instants:
-- the endpoint is more than ${idle_days} x 24 h old and its last day with an invocation ended more
-- than ${idle_days} x 24 h before the snapshot. unresolved_reason says why a row's model or version
-- can't be determined (deleted config or model, unreadable inference components, a version of an
-- account that was not exported). monthly_cost_usd estimates what the variant costs a month
-- on demand (sql/fragments/variant_monthly_cost.sql), from the price the export stamped on its
-- rows (the region's newest prices on or before the snapshot, from the AWS Price List API; the
-- prices table keeps them): an instance variant's hourly price x its current instance count x 730
-- hours (AWS's month); a serverless variant's price per second at its memory size x its compute
-- time (ModelLatency, Sum) over the metrics window, scaled to 730 hours. It is NULL, never zero, when
-- unknown, and cost_status says why: capacity_unknown (no instance type and count, nor serverless
-- memory), prices_not_read (no prices of the region: pricing:GetProducts denied or not yet run),
-- no_price (the price list has none for the type or memory size), no_metrics (a serverless variant
-- without CloudWatch metrics). Every row of a variant carries the variant's whole cost.
CREATE OR REPLACE VIEW "${database}"."deployments" AS
WITH current_deployments AS (
  SELECT
    d.*,
    l.snapshot_time AS current_snapshot_time,
    -- Per variant, and per inference component on a variant that hosts several: each component is
    -- a model of its own, while the containers of one model (an inference pipeline) count together.
    sum(CASE WHEN d.resolution = 'resolved' THEN 1 ELSE 0 END)
      OVER (PARTITION BY d.account_id, d.region, d.endpoint_arn, d.variant_kind, d.variant_name, d.inference_component_name)
      AS variant_registry_containers,
    sum(CASE WHEN d.resolution = 'no_package' THEN 1 ELSE 0 END)
      OVER (PARTITION BY d.account_id, d.region, d.endpoint_arn, d.variant_kind, d.variant_name, d.inference_component_name)
      AS variant_unregistered_containers
  FROM "${database}".endpoint_deployments d
  JOIN "${database}".latest_snapshot l
    ON d.account_id = l.account_id AND d.region = l.region AND d.snapshot_date = l.snapshot_date
),
flags AS (
  SELECT
    r.account_id,
    r.region,
    max_by(r.metrics_read, r.finished_at) AS metrics_read,
    max_by(r.monitoring_read, r.finished_at) AS monitoring_read,
    max_by(r.alarms_read, r.finished_at) AS alarms_read
  FROM "${database}".export_runs r
  JOIN "${database}".latest_snapshot l
    ON r.account_id = l.account_id AND r.region = l.region AND r.snapshot_date = l.snapshot_date
  WHERE r.status <> 'failed'
  GROUP BY r.account_id, r.region
),
metrics AS (
  SELECT m.*
  FROM "${database}".endpoint_metrics m
  JOIN "${database}".latest_snapshot l
    ON m.account_id = l.account_id AND m.region = l.region AND m.snapshot_date = l.snapshot_date
),
monitoring AS (
  -- Monitoring evidence per endpoint: its Model Monitor schedules and its CloudWatch alarms, read
  -- in one pass (Athena inlines every reference; fewer joins, fewer stages).
  SELECT
    m.account_id,
    m.region,
    m.endpoint_name,
    count(m.schedule_name) AS monitoring_schedules,
    count(*) FILTER (WHERE m.last_execution_status = 'CompletedWithViolations') AS schedules_with_violations,
    count(*) FILTER (WHERE m.last_execution_status = 'Failed') AS schedules_failed,
    max(m.last_execution_scheduled_time) AS last_monitoring_time,
    count(DISTINCT m.alarm_name) AS alarm_count
  FROM (
    SELECT account_id, region, snapshot_date, endpoint_name, monitoring_schedule_name AS schedule_name,
      last_execution_status, last_execution_scheduled_time, CAST(NULL AS VARCHAR) AS alarm_name
    FROM "${database}".endpoint_monitoring
    UNION ALL
    SELECT account_id, region, snapshot_date, endpoint_name, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
      CAST(NULL AS TIMESTAMP),
      -- Only an alarm that tells someone is monitoring (target-tracking scaling alarms are not).
      CASE WHEN notifies THEN alarm_name END
    FROM "${database}".endpoint_alarms
  ) m
  JOIN "${database}".latest_snapshot l
    ON m.account_id = l.account_id AND m.region = l.region AND m.snapshot_date = l.snapshot_date
  GROUP BY m.account_id, m.region, m.endpoint_name
),
endpoint_tags AS (
  SELECT
    resource_arn,
    max(CASE WHEN tag_key = 'owner' THEN value END) AS owner,
    max(CASE WHEN tag_key = 'businessunit' THEN value END) AS business_unit
  FROM (
    SELECT
      t.resource_arn,
      t.value,
      replace(replace(replace(lower(t.key), '-', ''), '_', ''), ' ', '') AS tag_key,
      row_number() OVER (
        PARTITION BY t.resource_arn, replace(replace(replace(lower(t.key), '-', ''), '_', ''), ' ', '')
        ORDER BY t.key, t.value) AS tag_rank
    FROM "${database}".resource_tags t
    JOIN "${database}".latest_snapshot l
      ON t.account_id = l.account_id AND t.region = l.region AND t.snapshot_date = l.snapshot_date
    WHERE t.resource_type = 'Endpoint' AND t.value IS NOT NULL AND NOT coalesce(t.value_is_blank, trim(t.value) = '')
  ) ranked
  WHERE tag_rank = 1
  GROUP BY resource_arn
)
SELECT
  d.snapshot_date,
  d.current_snapshot_time AS snapshot_time,
  d.account_id,
  d.region,
  d.endpoint_name,
  d.endpoint_arn,
  d.endpoint_status,
  d.endpoint_config_name,
  d.endpoint_creation_time,
  d.variant_name,
  d.variant_kind,
  d.model_name,
  d.inference_component_name,
  d.inference_component_status,
  d.container_index,
  d.container_hostname,
  d.image,
  d.instance_type,
  d.instance_count,
  d.serverless_memory_mb,
  d.serverless_max_concurrency,
  d.current_weight,
  d.resolution,
  d.variant_registry_containers,
  d.variant_unregistered_containers,
  d.model_package_arn,
  d.version_tag,
  d.variant_kind = 'production'
    AND d.endpoint_status IN ${serving_statuses}
    AND (d.inference_component_name IS NULL OR d.inference_component_status = 'InService') AS is_production,
  CASE
    WHEN d.resolution = 'config_missing' THEN 'its endpoint config ' || d.endpoint_config_name || ' was deleted'
    WHEN d.resolution = 'model_missing' THEN 'its model ' || d.model_name || ' was deleted'
    WHEN d.resolution = 'components_unreadable' THEN 'its inference components could not be listed'
    WHEN d.resolution = 'base_missing'
      THEN 'its adapter inference component ' || d.inference_component_name || ' runs on a base component that is gone'
    WHEN d.resolution = 'resolved' AND v.model_package_arn IS NULL
      THEN 'its version ' || d.model_package_arn || ' is not in the exported registry (deleted, or account '
        || split_part(d.model_package_arn, ':', 5) || ' not exported)'
  END AS unresolved_reason,
  v.account_id AS version_account_id,
  v.region AS version_region,
  v.model_package_group_name,
  v.model_package_group_arn,
  v.model_package_version,
  v.approval_status,
  v.approval_description,
  v.creation_time AS version_creation_time,
  v.first_approved_at AS version_first_approved_at,
  -- Since when this variant has served what it serves: the endpoint's last update (UpdateEndpoint
  -- moves it; an update that changes nothing served moves it later, never earlier), or for an
  -- inference component its own last update.
  CASE WHEN d.inference_component_name IS NULL THEN d.endpoint_last_modified_time
    ELSE d.inference_component_modified_time END AS deployed_at,
  CAST(floor(date_diff('millisecond', v.creation_time, d.current_snapshot_time) / CAST(86400000 AS DOUBLE)) AS BIGINT) AS version_age_days,
  date_diff('millisecond', v.creation_time, d.current_snapshot_time) AS version_age_ms,
  v.group_newest_approved_version,
  v.previous_approved_version,
  CASE
    WHEN d.version_tag IS NULL OR v.model_package_version IS NULL THEN NULL
    ELSE d.version_tag = CAST(v.model_package_version AS VARCHAR)
  END AS version_tag_matches,
  coalesce(v.owner, e.owner) AS owner,
  coalesce(v.business_unit, e.business_unit) AS business_unit,
  CAST(floor(date_diff('millisecond', d.endpoint_creation_time, d.current_snapshot_time) / CAST(86400000 AS DOUBLE)) AS BIGINT) AS endpoint_age_days,
  coalesce(f.metrics_read, false) AS metrics_read,
  m.window_days AS metrics_window_days,
  CASE WHEN f.metrics_read THEN coalesce(m.invocations, 0) END AS invocations,
  CASE WHEN f.metrics_read THEN coalesce(m.invocation_4xx_errors, 0) END AS invocation_4xx_errors,
  CASE WHEN f.metrics_read THEN coalesce(m.invocation_5xx_errors, 0) END AS invocation_5xx_errors,
  m.model_latency_p50_ms,
  m.model_latency_p90_ms,
  m.model_latency_sum_ms,
  m.cpu_utilization_avg,
  m.last_invocation_date,
  m.days_with_invocations,
  CASE
    WHEN NOT coalesce(f.metrics_read, false) OR m.window_days IS NULL OR m.window_days < ${idle_days} THEN NULL
    ELSE date_diff('millisecond', d.endpoint_creation_time, d.current_snapshot_time) > CAST(${idle_days} AS BIGINT) * 86400000
      AND (m.last_invocation_date IS NULL
        OR date_diff('millisecond', CAST(m.last_invocation_date AS TIMESTAMP), d.current_snapshot_time)
          > CAST(${idle_days} AS BIGINT) * 86400000 + 86400000)
  END AS is_idle,
  CASE
    WHEN NOT coalesce(f.metrics_read, false) OR m.window_days IS NULL THEN NULL
    ELSE coalesce(m.model_latency_p90_ms > ${latency_p90_ms}, false)
  END AS is_over_latency_budget,
  coalesce(f.monitoring_read, false) AS monitoring_read,
  CASE WHEN f.monitoring_read THEN coalesce(o.monitoring_schedules, 0) END AS monitoring_schedules,
  CASE WHEN f.monitoring_read THEN coalesce(o.schedules_with_violations, 0) END AS schedules_with_violations,
  CASE WHEN f.monitoring_read THEN coalesce(o.schedules_failed, 0) END AS schedules_failed,
  o.last_monitoring_time,
  coalesce(f.alarms_read, false) AS alarms_read,
  CASE WHEN f.alarms_read THEN coalesce(o.alarm_count, 0) END AS endpoint_alarms,
  d.price_date,
  d.usd_per_unit,
  d.price_unit,
  ${variant_monthly_cost} AS monthly_cost_usd,
  CASE
    WHEN (d.instance_type IS NULL OR d.instance_count IS NULL) AND d.serverless_memory_mb IS NULL
      THEN 'capacity_unknown'
    WHEN d.price_date IS NULL THEN 'prices_not_read'
    WHEN d.usd_per_unit IS NULL THEN 'no_price'
    WHEN d.instance_type IS NULL AND NOT coalesce(m.window_days, 0) > 0 THEN 'no_metrics'
    ELSE 'priced'
  END AS cost_status
FROM current_deployments d
LEFT JOIN "${database}".model_versions v ON v.model_package_arn = d.model_package_arn
LEFT JOIN endpoint_tags e ON e.resource_arn = d.endpoint_arn
LEFT JOIN flags f ON f.account_id = d.account_id AND f.region = d.region
LEFT JOIN metrics m
  ON m.account_id = d.account_id AND m.region = d.region AND m.endpoint_arn = d.endpoint_arn AND m.variant_name = d.variant_name
LEFT JOIN monitoring o ON o.account_id = d.account_id AND o.region = d.region AND o.endpoint_name = d.endpoint_name
