-- Each model-quality metric across the versions of a group, oldest first, with the previous
-- version's value and the change: how a model improves (or not) from one version to the next.
CREATE OR REPLACE VIEW "${database}"."metric_trends" AS
SELECT
  v.account_id,
  v.region,
  coalesce(v.business_unit, '(none)') AS business_unit,
  v.model_package_group_name,
  v.model_package_group_arn,
  v.model_package_version,
  v.model_package_arn,
  v.creation_time,
  v.approval_status,
  v.is_in_production,
  m.metric_group,
  m.metric_name,
  m.value,
  m.standard_deviation,
  lag(m.value) OVER (
    PARTITION BY v.account_id, v.region, v.model_package_group_arn, m.metric_group, m.metric_name
    ORDER BY v.model_package_version) AS previous_value,
  m.value - lag(m.value) OVER (
    PARTITION BY v.account_id, v.region, v.model_package_group_arn, m.metric_group, m.metric_name
    ORDER BY v.model_package_version) AS change_from_previous
FROM "${database}".model_versions v
JOIN "${database}".model_metrics m
  ON m.model_package_arn = v.model_package_arn
 AND m.account_id = v.account_id
 AND m.region = v.region
 AND m.snapshot_date = v.snapshot_date
WHERE m.report_kind = 'model_quality_statistics'
