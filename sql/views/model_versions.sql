-- The current state of every model package version: one row per version ARN (a version of a group
-- shared through RAM also appears in the accounts that read it; the owner's copy wins), with its
-- effective owner / business unit / environment / use case, headline metric, report and lineage
-- coverage, whether it runs in production, and which required tags (policy: ${required_tags}) it
-- lacks. Ages are days between dates, against the snapshot's own time, never the wall clock.
-- Written as one chain (windows, not re-used CTEs): Athena inlines every reference to a view or CTE.
CREATE OR REPLACE VIEW "${database}"."model_versions" AS
WITH packages AS (
  SELECT
    p.*,
    l.snapshot_time AS current_snapshot_time,
    row_number() OVER (
      PARTITION BY p.model_package_arn
      ORDER BY CASE WHEN p.is_shared THEN 1 ELSE 0 END, p.account_id, p.region) AS copy_rank,
    max(p.version) OVER (PARTITION BY p.account_id, p.region, p.group_name) AS group_newest_version,
    max(CASE WHEN p.approval_status = 'Approved' THEN p.version END)
      OVER (PARTITION BY p.account_id, p.region, p.group_name) AS group_newest_approved_version,
    max(CASE WHEN p.approval_status = 'Approved' THEN p.version END)
      OVER (PARTITION BY p.account_id, p.region, p.group_name ORDER BY p.version
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_approved_version
  FROM "${database}".model_packages p
  JOIN "${database}".latest_snapshot l
    ON p.account_id = l.account_id AND p.region = l.region AND p.snapshot_date = l.snapshot_date
),
required (tag_key, written_key) AS (
  VALUES ${required_tags}
),
tags AS (
  SELECT
    t.model_package_arn,
    max(CASE WHEN t.tag_key = 'owner' THEN t.tag_value END) AS owner,
    max(CASE WHEN t.tag_key = 'businessunit' THEN t.tag_value END) AS business_unit,
    max(CASE WHEN t.tag_key = 'environment' THEN t.tag_value END) AS environment,
    max(CASE WHEN t.tag_key = 'usecase' THEN t.tag_value END) AS use_case,
    count(r.tag_key) AS required_tags_present
  FROM "${database}".version_tags t
  LEFT JOIN required r ON r.tag_key = t.tag_key AND r.tag_key <> ''
  GROUP BY t.model_package_arn
),
reports AS (
  SELECT
    r.account_id,
    r.model_package_arn,
    count(*) AS report_count,
    count(*) FILTER (WHERE r.status <> 'ok') AS reports_not_ok,
    count(*) FILTER (WHERE r.report_kind = 'model_quality_statistics' AND r.status = 'ok' AND r.metric_count > 0) AS quality_reports_with_metrics
  FROM "${database}".metric_reports r
  JOIN "${database}".latest_snapshot l
    ON r.account_id = l.account_id AND r.region = l.region AND r.snapshot_date = l.snapshot_date
  GROUP BY r.account_id, r.model_package_arn
),
headline AS (
  SELECT
    m.account_id,
    m.model_package_arn,
    min_by(m.metric_name,
      CASE m.metric_name
        WHEN 'auc' THEN 'a' WHEN 'accuracy' THEN 'b' WHEN 'f1' THEN 'c' WHEN 'weighted_f1' THEN 'd'
        WHEN 'r2' THEN 'e' WHEN 'rmse' THEN 'f' WHEN 'mae' THEN 'g' WHEN 'mse' THEN 'h' ELSE 'z' END
        || m.metric_group || '/' || m.metric_name) AS metric_name,
    min_by(m.value,
      CASE m.metric_name
        WHEN 'auc' THEN 'a' WHEN 'accuracy' THEN 'b' WHEN 'f1' THEN 'c' WHEN 'weighted_f1' THEN 'd'
        WHEN 'r2' THEN 'e' WHEN 'rmse' THEN 'f' WHEN 'mae' THEN 'g' WHEN 'mse' THEN 'h' ELSE 'z' END
        || m.metric_group || '/' || m.metric_name) AS value
  FROM "${database}".model_metrics m
  JOIN "${database}".latest_snapshot l
    ON m.account_id = l.account_id AND m.region = l.region AND m.snapshot_date = l.snapshot_date
  WHERE m.report_kind = 'model_quality_statistics'
  GROUP BY m.account_id, m.model_package_arn
),
datasets AS (
  SELECT ml.account_id, ml.model_package_arn, count(DISTINCT ml.entity_arn) AS dataset_count
  FROM "${database}".model_lineage ml
  JOIN "${database}".latest_snapshot l
    ON ml.account_id = l.account_id AND ml.region = l.region AND ml.snapshot_date = l.snapshot_date
  WHERE ml.entity_type = 'DataSet'
  GROUP BY ml.account_id, ml.model_package_arn
),
production AS (
  SELECT
    d.model_package_arn,
    count(DISTINCT d.endpoint_arn) AS production_endpoints,
    min(d.endpoint_name) AS first_production_endpoint
  FROM "${database}".endpoint_deployments d
  JOIN "${database}".latest_snapshot l
    ON d.account_id = l.account_id AND d.region = l.region AND d.snapshot_date = l.snapshot_date
  WHERE d.variant_kind = 'production'
    AND d.endpoint_status IN ('InService', 'Updating', 'SystemUpdating', 'RollingBack')
    AND d.model_package_arn IS NOT NULL
  GROUP BY d.model_package_arn
)
SELECT
  v.snapshot_date,
  v.current_snapshot_time AS snapshot_time,
  v.account_id,
  v.region,
  v.model_package_arn,
  v.group_name AS model_package_group_name,
  v.version AS model_package_version,
  v.description,
  v.package_status,
  v.approval_status,
  v.approval_description,
  v.created_by,
  v.last_modified_by,
  v.creation_time,
  v.last_modified_time,
  date_diff('day', CAST(v.creation_time AS DATE), CAST(v.current_snapshot_time AS DATE)) AS age_days,
  v.version = v.group_newest_version AS is_newest_version,
  v.group_newest_version,
  v.group_newest_approved_version,
  v.previous_approved_version,
  v.lifecycle_stage,
  v.lifecycle_stage_status,
  v.model_card_status,
  v.domain,
  v.task,
  v.framework,
  v.image,
  v.model_data_url,
  v.generated_by,
  v.commit_id,
  v.repository,
  v.owner_account_id,
  v.is_shared,
  t.owner,
  t.business_unit,
  t.environment,
  t.use_case,
  (SELECT count(*) FROM required r WHERE r.tag_key <> '') - coalesce(t.required_tags_present, 0) AS required_tags_missing,
  h.metric_name AS headline_metric_name,
  h.value AS headline_metric_value,
  coalesce(rp.report_count, 0) AS report_count,
  coalesce(rp.reports_not_ok, 0) AS reports_not_ok,
  coalesce(rp.quality_reports_with_metrics, 0) > 0 AS has_model_quality_metrics,
  coalesce(ds.dataset_count, 0) AS dataset_count,
  coalesce(ds.dataset_count, 0) > 0 AS has_dataset_lineage,
  coalesce(pr.production_endpoints, 0) AS production_endpoints,
  coalesce(pr.production_endpoints, 0) > 0 AS is_in_production,
  pr.first_production_endpoint
FROM packages v
LEFT JOIN tags t ON t.model_package_arn = v.model_package_arn
LEFT JOIN reports rp ON rp.account_id = v.account_id AND rp.model_package_arn = v.model_package_arn
LEFT JOIN headline h ON h.account_id = v.account_id AND h.model_package_arn = v.model_package_arn
LEFT JOIN datasets ds ON ds.account_id = v.account_id AND ds.model_package_arn = v.model_package_arn
LEFT JOIN production pr ON pr.model_package_arn = v.model_package_arn
WHERE v.copy_rank = 1
