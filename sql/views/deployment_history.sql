-- Which version each endpoint variant served on each snapshot date (every snapshot, not only the
-- newest), and whether that changed since the variant's previous snapshot; a variant that hosts
-- inference components is followed per component.
CREATE OR REPLACE VIEW "${database}"."deployment_history" AS
WITH versions AS (
  SELECT model_package_arn, max(group_name) AS model_package_group_name, max(version) AS model_package_version
  FROM "${database}".model_packages
  GROUP BY model_package_arn
),
history AS (
  SELECT
    d.snapshot_date,
    d.account_id,
    d.region,
    d.endpoint_name,
    d.endpoint_arn,
    d.endpoint_status,
    d.variant_name,
    d.variant_kind,
    d.inference_component_name,
    d.container_index,
    d.model_name,
    d.model_package_arn,
    d.resolution,
    lag(d.model_package_arn) OVER (
      PARTITION BY d.account_id, d.region, d.endpoint_arn, d.variant_name, d.inference_component_name, d.container_index
      ORDER BY d.snapshot_date) AS previous_model_package_arn,
    lag(d.snapshot_date) OVER (
      PARTITION BY d.account_id, d.region, d.endpoint_arn, d.variant_name, d.inference_component_name, d.container_index
      ORDER BY d.snapshot_date) AS previous_snapshot_date
  FROM "${database}".endpoint_deployments d
)
SELECT
  h.snapshot_date,
  h.account_id,
  h.region,
  h.endpoint_name,
  h.endpoint_arn,
  h.endpoint_status,
  h.variant_name,
  h.variant_kind,
  h.inference_component_name,
  h.container_index,
  h.model_name,
  h.model_package_arn,
  v.model_package_group_name,
  v.model_package_version,
  h.resolution,
  h.previous_snapshot_date,
  h.previous_model_package_arn,
  CASE
    WHEN h.previous_snapshot_date IS NULL THEN 'first_seen'
    WHEN coalesce(h.previous_model_package_arn, '') = coalesce(h.model_package_arn, '') THEN 'unchanged'
    ELSE 'changed'
  END AS change
FROM history h
LEFT JOIN versions v ON v.model_package_arn = h.model_package_arn
