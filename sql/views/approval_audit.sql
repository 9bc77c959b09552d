-- The auditor's page, per version that ever served production traffic (in any snapshot): who
-- registered it and when, who approved it (and whether the policy's approver_roles allow them:
-- ${approver_roles_text}), every approval event CloudTrail recorded for it (who, when, the note;
-- one row per event, or one row with empty event columns when none is known), whether its model
-- artefact is still the one registered, the required evidence it lacks, the datasets it was
-- trained on, where it runs now and since when, and the version to roll back to.
-- approver_in_policy is null when the policy names no approver_roles, the approver is unknown, or
-- only a role glob with an IAM path could match a role whose path is unknown.
-- in_production_since and last_in_production are the first and last snapshot dates that saw it
-- serving (smgov knows no earlier than its first export); production_endpoint_names is where it
-- serves in the newest snapshots (null: not any more).
CREATE OR REPLACE VIEW "${database}"."approval_audit" AS
WITH served AS (
  -- Every version a serving production variant ran, in any snapshot; where it runs in the newest.
  SELECT
    d.model_package_arn,
    min(d.snapshot_date) AS in_production_since,
    max(d.snapshot_date) AS last_in_production,
    array_join(array_sort(array_distinct(
      array_agg(d.endpoint_name) FILTER (WHERE l.snapshot_date IS NOT NULL))), ', ') AS production_endpoint_names
  FROM "${database}".endpoint_deployments d
  LEFT JOIN "${database}".latest_snapshot l
    ON d.account_id = l.account_id AND d.region = l.region AND d.snapshot_date = l.snapshot_date
  WHERE d.variant_kind = 'production'
    AND d.endpoint_status IN ${serving_statuses}
    AND (d.inference_component_name IS NULL OR d.inference_component_status = 'InService')
    AND d.model_package_arn IS NOT NULL
  GROUP BY d.model_package_arn
),
trail AS (
  -- The newest snapshots' approval events and lineage datasets, read in one pass.
  SELECT e.*, count(e.event_id) OVER (PARTITION BY e.model_package_arn) AS event_count
  FROM (
    SELECT account_id, region, snapshot_date, model_package_arn, event_id, event_time, event_name, approval_status, actor,
      role_arn, approval_description, CAST(NULL AS VARCHAR) AS dataset
    FROM "${database}".approval_events
    UNION ALL
    SELECT account_id, region, snapshot_date, model_package_arn, CAST(NULL AS VARCHAR), CAST(NULL AS TIMESTAMP),
      CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
      coalesce(source_uri, entity_arn)
    FROM "${database}".model_lineage
    WHERE entity_type = 'DataSet'
  ) e
  JOIN "${database}".latest_snapshot l
    ON e.account_id = l.account_id AND e.region = l.region AND e.snapshot_date = l.snapshot_date
),
datasets AS (
  SELECT
    model_package_arn,
    array_join(array_sort(array_distinct(array_agg(dataset) FILTER (WHERE dataset IS NOT NULL))), ', ') AS training_datasets
  FROM trail
  GROUP BY model_package_arn
),
events AS (
  -- One row per approval event, or one row without event for a version with none.
  SELECT DISTINCT
    model_package_arn, event_id, event_time, event_name, approval_status, actor, role_arn, approval_description
  FROM trail
  WHERE event_id IS NOT NULL OR event_count = 0
)
SELECT
  m.snapshot_date,
  m.account_id,
  m.region,
  m.model_package_arn,
  m.model_package_group_name,
  m.model_package_version,
  m.approval_status,
  m.created_by AS registered_by,
  m.created_by_kind AS registered_by_kind,
  m.creation_time AS registered_at,
  m.approved_by,
  m.approved_by_kind,
  m.approved_by_role,
  m.approved_at,
  m.approver_source,
  m.first_approved_at,
  CASE WHEN ${approver_roles_configured} AND m.approved_by IS NOT NULL THEN CASE
    WHEN ${approver_authorized} THEN true WHEN ${approver_unknown} THEN NULL ELSE false END END AS approver_in_policy,
  m.approval_description,
  m.approval_note_chars,
  e.event_time,
  e.event_name,
  e.approval_status AS event_approval_status,
  e.actor AS event_actor,
  e.role_arn AS event_role_arn,
  e.approval_description AS event_note,
  m.artifact_status,
  m.required_evidence_missing,
  m.has_model_quality_metrics,
  m.headline_metric_name,
  m.headline_metric_value,
  m.has_model_card,
  m.lineage_status,
  m.dataset_count,
  ds.training_datasets,
  m.is_in_production,
  s.production_endpoint_names,
  s.in_production_since,
  s.last_in_production,
  m.previous_approved_version AS rollback_version,
  CASE WHEN m.previous_approved_version IS NOT NULL
    THEN replace(m.model_package_group_arn, ':model-package-group/', ':model-package/') || '/'
      || CAST(m.previous_approved_version AS VARCHAR) END AS rollback_model_package_arn,
  m.owner,
  m.business_unit
FROM "${database}".model_versions m
JOIN served s ON s.model_package_arn = m.model_package_arn
LEFT JOIN events e ON e.model_package_arn = m.model_package_arn
LEFT JOIN datasets ds ON ds.model_package_arn = m.model_package_arn
