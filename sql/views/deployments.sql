-- Every endpoint variant and container in the newest snapshots, joined by ARN to the version it
-- serves, whichever account registered it (production accounts usually serve versions registered
-- in another account). A variant is in production when it is a production variant of an endpoint
-- that is InService, Updating, SystemUpdating or RollingBack.
CREATE OR REPLACE VIEW "${database}"."deployments" AS
WITH current_deployments AS (
  SELECT
    d.*,
    l.snapshot_time AS current_snapshot_time,
    sum(CASE WHEN d.resolution = 'resolved' THEN 1 ELSE 0 END)
      OVER (PARTITION BY d.account_id, d.region, d.endpoint_arn, d.variant_kind, d.variant_name) AS variant_registry_containers,
    sum(CASE WHEN d.resolution = 'no_package' THEN 1 ELSE 0 END)
      OVER (PARTITION BY d.account_id, d.region, d.endpoint_arn, d.variant_kind, d.variant_name) AS variant_unregistered_containers
  FROM "${database}".endpoint_deployments d
  JOIN "${database}".latest_snapshot l
    ON d.account_id = l.account_id AND d.region = l.region AND d.snapshot_date = l.snapshot_date
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
    WHERE t.resource_type = 'Endpoint' AND t.value IS NOT NULL AND trim(t.value) <> ''
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
  d.container_index,
  d.container_hostname,
  d.image,
  d.instance_type,
  d.instance_count,
  d.current_weight,
  d.resolution,
  d.variant_registry_containers,
  d.variant_unregistered_containers,
  d.model_package_arn,
  d.version_tag,
  d.variant_kind = 'production'
    AND d.endpoint_status IN ('InService', 'Updating', 'SystemUpdating', 'RollingBack') AS is_production,
  v.account_id AS version_account_id,
  v.region AS version_region,
  v.model_package_group_name,
  v.model_package_version,
  v.approval_status,
  v.approval_description,
  v.creation_time AS version_creation_time,
  date_diff('day', CAST(v.creation_time AS DATE), CAST(d.current_snapshot_time AS DATE)) AS version_age_days,
  v.group_newest_approved_version,
  v.previous_approved_version,
  CASE
    WHEN d.version_tag IS NULL OR v.model_package_version IS NULL THEN NULL
    ELSE d.version_tag = CAST(v.model_package_version AS VARCHAR)
  END AS version_tag_matches,
  coalesce(v.owner, e.owner) AS owner,
  coalesce(v.business_unit, e.business_unit) AS business_unit
FROM current_deployments d
LEFT JOIN "${database}".model_versions v ON v.model_package_arn = d.model_package_arn
LEFT JOIN endpoint_tags e ON e.resource_arn = d.endpoint_arn
