-- Every production endpoint variant of the newest snapshots with its operational signals: traffic,
-- errors and latency over the metrics window (CloudWatch), utilisation, the Model Monitor schedules
-- of its endpoint with their latest outcome, and its CloudWatch alarms that notify someone; is_idle
-- and is_over_latency_budget by the policy (idle_days ${idle_days}, latency_p90_ms ${latency_p90_ms}).
-- monthly_cost_usd is deployments' estimate (null with cost_status when unknown; endpoint_costs
-- shows how it is made). A variant that hosts several inference components shows the first by
-- component name. The
-- signals are computed once, in deployments; this is its one-row-per-variant face for dashboards.
CREATE OR REPLACE VIEW "${database}"."endpoint_operations" AS
SELECT
  snapshot_date,
  snapshot_time,
  account_id,
  region,
  endpoint_name,
  endpoint_arn,
  endpoint_status,
  variant_name,
  endpoint_creation_time,
  endpoint_age_days,
  min(instance_type) AS instance_type,
  max(instance_count) AS instance_count,
  max(monthly_cost_usd) AS monthly_cost_usd,
  min(cost_status) AS cost_status,
  min_by(model_package_arn, coalesce(inference_component_name, '') || '/' || CAST(coalesce(container_index, 0) AS VARCHAR) || '/' || coalesce(model_package_arn, '')) AS model_package_arn,
  min_by(model_package_group_name, coalesce(inference_component_name, '') || '/' || CAST(coalesce(container_index, 0) AS VARCHAR) || '/' || coalesce(model_package_arn, '')) AS model_package_group_name,
  min_by(model_package_version, coalesce(inference_component_name, '') || '/' || CAST(coalesce(container_index, 0) AS VARCHAR) || '/' || coalesce(model_package_arn, '')) AS model_package_version,
  min_by(approval_status, coalesce(inference_component_name, '') || '/' || CAST(coalesce(container_index, 0) AS VARCHAR) || '/' || coalesce(model_package_arn, '')) AS approval_status,
  min_by(owner, coalesce(inference_component_name, '') || '/' || CAST(coalesce(container_index, 0) AS VARCHAR) || '/' || coalesce(model_package_arn, '')) AS owner,
  min_by(business_unit, coalesce(inference_component_name, '') || '/' || CAST(coalesce(container_index, 0) AS VARCHAR) || '/' || coalesce(model_package_arn, '')) AS business_unit,
  metrics_read,
  metrics_window_days,
  invocations,
  invocation_4xx_errors,
  invocation_5xx_errors,
  CASE WHEN invocations > 0
    THEN CAST(invocation_4xx_errors + invocation_5xx_errors AS DOUBLE) / invocations END AS error_rate,
  model_latency_p50_ms,
  model_latency_p90_ms,
  cpu_utilization_avg,
  last_invocation_date,
  days_with_invocations,
  date_diff('day', last_invocation_date, snapshot_date) AS days_since_last_invocation,
  is_idle,
  is_over_latency_budget,
  monitoring_read,
  monitoring_schedules,
  schedules_with_violations,
  schedules_failed,
  last_monitoring_time,
  alarms_read,
  endpoint_alarms
FROM "${database}".deployments
WHERE is_production
GROUP BY snapshot_date, snapshot_time, account_id, region, endpoint_name, endpoint_arn, endpoint_status, variant_name,
  endpoint_creation_time, endpoint_age_days, metrics_read, metrics_window_days, invocations, invocation_4xx_errors,
  invocation_5xx_errors, model_latency_p50_ms, model_latency_p90_ms, cpu_utilization_avg, last_invocation_date,
  days_with_invocations, is_idle, is_over_latency_budget, monitoring_read, monitoring_schedules,
  schedules_with_violations, schedules_failed, last_monitoring_time, alarms_read, endpoint_alarms
