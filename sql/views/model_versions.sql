-- The current state of every model package version: one row per version ARN (a version of a group
-- shared through RAM also appears in the accounts that read it; the owner's copy wins), with its
-- effective owner / business unit / environment / use case, headline metric, report and lineage
-- coverage, whether it runs in production, and which required tags (policy: ${required_tags}) it
-- lacks. A group is its ARN: newest, newest approved and previous approved versions are computed per
-- group ARN (a RAM-shared group may have a local group's name). approved_by is the identity that
-- approved it, approved_at when, and approver_source where that comes from: the newest CloudTrail
-- event that set the version Approved ('cloudtrail'); else its registering identity when it was
-- registered already Approved and never modified since (last_modified_time absent or not after
-- creation_time, and no other last modifier: 'registration'); else its last modifier
-- ('last_modified_by', which any later update moves). approved_by_role is that approver's IAM role
-- (with approved_by, what the policy's approver_roles match). first_approved_at is when the version
-- was first approved, only where that is certain (a CloudTrail event, or registered already
-- Approved); DEPLOYED_BEFORE_APPROVAL compares deployments with it. artifact_status says whether its
-- model artefacts are still the objects registered ('unchanged', 'changed', 'not_verifiable'; null
-- when never checked). required_evidence_missing lists what the policy's required_evidence asks
-- of the version (for its business unit) and it lacks; null when nothing is missing.
-- age_days counts whole days (24 h) from
-- registration to the snapshot's own time, never the wall clock.
-- owner_status and lineage_status are 'present', 'missing' or 'not_verifiable' (tags or lineage that
-- could not be read: a RAM-shared copy whose owner account was not exported, or a denied call).
-- Written as one chain (windows, not re-used CTEs): Athena inlines every reference to a view or CTE.
CREATE OR REPLACE VIEW "${database}"."model_versions" AS
WITH packages AS (
  SELECT
    p.*,
    l.snapshot_time AS current_snapshot_time,
    row_number() OVER (
      PARTITION BY p.model_package_arn
      ORDER BY CASE WHEN p.is_shared THEN 1 ELSE 0 END, p.account_id, p.region) AS copy_rank,
    max(p.version) OVER (PARTITION BY p.account_id, p.region, p.group_arn) AS group_newest_version,
    max(CASE WHEN p.approval_status = 'Approved' THEN p.version END)
      OVER (PARTITION BY p.account_id, p.region, p.group_arn) AS group_newest_approved_version,
    max(CASE WHEN p.approval_status = 'Approved' THEN p.version END)
      OVER (PARTITION BY p.account_id, p.region, p.group_arn ORDER BY p.version
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_approved_version,
    p.approval_status = 'Approved'
      AND (p.last_modified_time IS NULL OR p.last_modified_time <= p.creation_time)
      AND (p.last_modified_by IS NULL OR p.last_modified_by = p.created_by) AS approved_at_registration,
    coalesce(p.tags_verifiable, NOT p.is_shared) AS tags_read,
    coalesce(p.lineage_verifiable, NOT p.is_shared) AS lineage_read,
    coalesce(p.model_cards_verifiable, false) AS model_cards_read
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
  -- Each version's reports (how reading them went) and its headline model-quality metric, read in
  -- one pass over both tables (one join with latest_snapshot, fewer stages on Athena).
  SELECT
    r.account_id,
    r.model_package_arn,
    count(*) FILTER (WHERE r.source = 'report') AS report_count,
    count(*) FILTER (WHERE r.source = 'report' AND r.status <> 'ok') AS reports_not_ok,
    count(*) FILTER (WHERE r.source = 'report' AND r.report_kind = 'model_quality_statistics' AND r.status = 'ok'
      AND r.metric_count > 0) AS quality_reports_with_metrics,
    min_by(r.metric_name,
      CASE r.metric_name
        WHEN 'auc' THEN 'a' WHEN 'accuracy' THEN 'b' WHEN 'f1' THEN 'c' WHEN 'weighted_f1' THEN 'd'
        WHEN 'r2' THEN 'e' WHEN 'rmse' THEN 'f' WHEN 'mae' THEN 'g' WHEN 'mse' THEN 'h' ELSE 'z' END
        || r.metric_group || '/' || r.metric_name) FILTER (WHERE r.source = 'metric' AND r.report_kind = 'model_quality_statistics') AS metric_name,
    min_by(r.value,
      CASE r.metric_name
        WHEN 'auc' THEN 'a' WHEN 'accuracy' THEN 'b' WHEN 'f1' THEN 'c' WHEN 'weighted_f1' THEN 'd'
        WHEN 'r2' THEN 'e' WHEN 'rmse' THEN 'f' WHEN 'mae' THEN 'g' WHEN 'mse' THEN 'h' ELSE 'z' END
        || r.metric_group || '/' || r.metric_name) FILTER (WHERE r.source = 'metric' AND r.report_kind = 'model_quality_statistics') AS value
    ${evidence_columns}
  FROM (
    SELECT account_id, region, snapshot_date, model_package_arn, 'report' AS source, report_kind, status, metric_count,
      CAST(NULL AS VARCHAR) AS metric_group, CAST(NULL AS VARCHAR) AS metric_name, CAST(NULL AS DOUBLE) AS value
    FROM "${database}".metric_reports
    UNION ALL
    SELECT account_id, region, snapshot_date, model_package_arn, 'metric', report_kind, CAST(NULL AS VARCHAR),
      CAST(NULL AS INTEGER), metric_group, metric_name, value
    FROM "${database}".model_metrics
  ) r
  JOIN "${database}".latest_snapshot l
    ON r.account_id = l.account_id AND r.region = l.region AND r.snapshot_date = l.snapshot_date
  GROUP BY r.account_id, r.model_package_arn
),
evidence AS (
  -- The datasets upstream of each version (its lineage lives in its owner's account), the
  -- standalone model cards that link it (from any account) and its newest CloudTrail approval, read
  -- in one pass: Athena inlines every reference to latest_snapshot, so each join with it costs
  -- stages. Approvals at the same millisecond are ordered by event id, identically on both engines.
  SELECT
    e.model_package_arn,
    count(DISTINCT e.dataset_arn) FILTER (WHERE e.artifact_status IS NULL) AS dataset_count,
    count(e.card_name) AS card_count,
    max(e.card_status) AS card_status,
    max_by(e.actor, lpad(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', e.event_time) AS VARCHAR), 15, '0') || e.event_id) FILTER (WHERE e.event_status = 'Approved') AS trail_approved_by,
    max_by(e.actor_kind, lpad(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', e.event_time) AS VARCHAR), 15, '0') || e.event_id) FILTER (WHERE e.event_status = 'Approved') AS trail_approved_by_kind,
    max_by(e.event_name, lpad(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', e.event_time) AS VARCHAR), 15, '0') || e.event_id) FILTER (WHERE e.event_status = 'Approved') AS trail_approval_event,
    max_by(e.role_arn, lpad(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', e.event_time) AS VARCHAR), 15, '0') || e.event_id) FILTER (WHERE e.event_status = 'Approved') AS trail_approved_by_role,
    max(e.event_time) FILTER (WHERE e.event_status = 'Approved') AS trail_approved_at,
    min(e.event_time) FILTER (WHERE e.event_status = 'Approved') AS trail_first_approved_at,
    count(*) FILTER (WHERE e.event_status = 'Approved' AND e.event_name = 'CreateModelPackage') AS trail_created_approved,
    count(e.artifact_status) AS artifacts,
    count(*) FILTER (WHERE e.artifact_changed) AS artifacts_changed,
    count(*) FILTER (WHERE e.artifact_status IS NOT NULL AND e.artifact_changed IS NULL) AS artifacts_unverifiable,
    min_by(e.dataset_arn, e.event_id) FILTER (WHERE e.artifact_changed) AS artifact_changed_url,
    min_by(e.event_time, e.event_id) FILTER (WHERE e.artifact_changed) AS artifact_changed_at
  FROM (
    SELECT account_id, region, snapshot_date, model_package_arn, entity_arn AS dataset_arn,
      CAST(NULL AS VARCHAR) AS card_name, CAST(NULL AS VARCHAR) AS card_status, CAST(NULL AS VARCHAR) AS event_id,
      CAST(NULL AS TIMESTAMP) AS event_time, CAST(NULL AS VARCHAR) AS event_name, CAST(NULL AS VARCHAR) AS event_status,
      CAST(NULL AS VARCHAR) AS actor, CAST(NULL AS VARCHAR) AS actor_kind, CAST(NULL AS VARCHAR) AS role_arn,
      CAST(NULL AS VARCHAR) AS artifact_status, CAST(NULL AS BOOLEAN) AS artifact_changed
    FROM "${database}".model_lineage
    WHERE entity_type = 'DataSet'
    UNION ALL
    SELECT account_id, region, snapshot_date, model_package_arn, CAST(NULL AS VARCHAR), model_card_name, model_card_status,
      CAST(NULL AS VARCHAR), CAST(NULL AS TIMESTAMP), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
      CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS BOOLEAN)
    FROM "${database}".model_cards
    WHERE model_package_arn IS NOT NULL
    UNION ALL
    SELECT account_id, region, snapshot_date, model_package_arn, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
      CAST(NULL AS VARCHAR), event_id, event_time, event_name, approval_status, actor, actor_kind, role_arn,
      CAST(NULL AS VARCHAR), CAST(NULL AS BOOLEAN)
    FROM "${database}".approval_events
    UNION ALL
    -- A model artefact: its URL rides in dataset_arn, its Last-Modified in event_time and its
    -- container index (zero-padded, for a deterministic first) in event_id.
    SELECT account_id, region, snapshot_date, model_package_arn, model_data_url, CAST(NULL AS VARCHAR),
      CAST(NULL AS VARCHAR), lpad(CAST(container_index AS VARCHAR), 4, '0'), last_modified, CAST(NULL AS VARCHAR),
      CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), status,
      changed_after_registration
    FROM "${database}".model_artifacts
  ) e
  JOIN "${database}".latest_snapshot l
    ON e.account_id = l.account_id AND e.region = l.region AND e.snapshot_date = l.snapshot_date
  GROUP BY e.model_package_arn
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
    AND d.endpoint_status IN ${serving_statuses}
    AND (d.inference_component_name IS NULL OR d.inference_component_status = 'InService')
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
  v.group_arn AS model_package_group_arn,
  v.version AS model_package_version,
  v.description,
  v.package_status,
  v.approval_status,
  v.approval_description,
  -- has_approval_note is written by the export (blank = empty or only whitespace of any kind); the
  -- fallback serves snapshots written before it existed.
  coalesce(v.has_approval_note, v.approval_description IS NOT NULL AND trim(v.approval_description) <> '') AS has_approval_note,
  -- approval_note_chars likewise (the fallback counts whitespace too, identically on both engines).
  CAST(coalesce(v.approval_note_chars, length(v.approval_description), 0) AS INTEGER) AS approval_note_chars,
  v.created_by,
  v.created_by_kind,
  v.last_modified_by,
  v.last_modified_by_kind,
  -- A Studio user approves on a shared execution role: CloudTrail names the role session, and
  -- LastModifiedBy, when the approval was the last change (the same second), names the person.
  CASE WHEN v.approval_status = 'Approved' THEN CASE
    WHEN ev.trail_approved_by IS NOT NULL AND v.last_modified_by_kind = 'studio_user_profile'
      AND date_diff('millisecond', ev.trail_approved_at, v.last_modified_time) BETWEEN 0 AND 999 THEN v.last_modified_by
    WHEN ev.trail_approved_by IS NOT NULL THEN ev.trail_approved_by
    WHEN v.approved_at_registration THEN v.created_by
    ELSE v.last_modified_by END END AS approved_by,
  CASE WHEN v.approval_status = 'Approved' THEN CASE
    WHEN ev.trail_approved_by IS NOT NULL AND v.last_modified_by_kind = 'studio_user_profile'
      AND date_diff('millisecond', ev.trail_approved_at, v.last_modified_time) BETWEEN 0 AND 999 THEN v.last_modified_by_kind
    WHEN ev.trail_approved_by IS NOT NULL THEN ev.trail_approved_by_kind
    WHEN v.approved_at_registration THEN v.created_by_kind
    ELSE v.last_modified_by_kind END END AS approved_by_kind,
  CASE WHEN v.approval_status = 'Approved' THEN CASE
    WHEN ev.trail_approved_by IS NOT NULL THEN ev.trail_approved_by_role
    WHEN v.approved_at_registration THEN v.created_by_role
    ELSE v.last_modified_by_role END END AS approved_by_role,
  CASE WHEN v.approval_status = 'Approved' THEN CASE
    WHEN ev.trail_approved_by IS NOT NULL THEN ev.trail_approved_at
    WHEN v.approved_at_registration THEN v.creation_time
    ELSE v.last_modified_time END END AS approved_at,
  CASE WHEN v.approval_status = 'Approved' THEN CASE
    WHEN ev.trail_approved_by IS NOT NULL THEN 'cloudtrail'
    WHEN v.approved_at_registration THEN 'registration'
    ELSE 'last_modified_by' END END AS approver_source,
  CASE
    WHEN v.approval_status <> 'Approved' THEN false
    WHEN ev.trail_approved_by IS NOT NULL THEN ev.trail_approval_event = 'CreateModelPackage'
    ELSE coalesce(v.approved_at_registration, false)
  END AS approved_at_registration,
  -- The first approval, only where certain: registered Approved (CloudTrail's CreateModelPackage,
  -- or never modified since), or the earliest approval event of a version whose whole history
  -- approval_events holds (an older approval may have aged out of CloudTrail before smgov looked).
  CASE WHEN v.approval_status = 'Approved' THEN CASE
    WHEN ev.trail_created_approved > 0 THEN ev.trail_first_approved_at
    WHEN ev.trail_approved_by IS NOT NULL AND coalesce(v.approval_history_complete, false) THEN ev.trail_first_approved_at
    WHEN ev.trail_approved_by IS NULL AND v.approved_at_registration THEN v.creation_time END END AS first_approved_at,
  v.creation_time,
  v.last_modified_time,
  CAST(floor(date_diff('millisecond', v.creation_time, v.current_snapshot_time) / CAST(86400000 AS DOUBLE)) AS BIGINT) AS age_days,
  v.version = v.group_newest_version AS is_newest_version,
  v.group_newest_version,
  v.group_newest_approved_version,
  v.previous_approved_version,
  v.lifecycle_stage,
  v.lifecycle_stage_status,
  v.model_card_status,
  ev.card_status AS standalone_model_card_status,
  coalesce(ev.card_count, 0) AS standalone_model_cards,
  v.model_card_status IS NOT NULL OR coalesce(ev.card_count, 0) > 0 AS has_model_card,
  v.model_card_status IS NOT NULL OR coalesce(ev.card_count, 0) > 0 OR v.model_cards_read AS model_card_verifiable,
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
  CASE
    WHEN (SELECT count(*) FROM required r WHERE r.tag_key <> '') - coalesce(t.required_tags_present, 0) = 0 THEN 'present'
    WHEN NOT v.tags_read THEN 'not_verifiable'
    ELSE 'missing'
  END AS owner_status,
  rp.metric_name AS headline_metric_name,
  rp.value AS headline_metric_value,
  coalesce(rp.report_count, 0) AS report_count,
  coalesce(rp.reports_not_ok, 0) AS reports_not_ok,
  coalesce(rp.quality_reports_with_metrics, 0) > 0 AS has_model_quality_metrics,
  coalesce(ev.dataset_count, 0) AS dataset_count,
  coalesce(ev.dataset_count, 0) > 0 AS has_dataset_lineage,
  CASE
    WHEN coalesce(ev.dataset_count, 0) > 0 THEN 'present'
    WHEN NOT v.lineage_read THEN 'not_verifiable'
    ELSE 'missing'
  END AS lineage_status,
  coalesce(pr.production_endpoints, 0) AS production_endpoints,
  coalesce(pr.production_endpoints, 0) > 0 AS is_in_production,
  pr.first_production_endpoint,
  CASE
    WHEN coalesce(ev.artifacts, 0) = 0 THEN NULL
    WHEN ev.artifacts_changed > 0 THEN 'changed'
    WHEN ev.artifacts_unverifiable > 0 THEN 'not_verifiable'
    ELSE 'unchanged'
  END AS artifact_status,
  ev.artifact_changed_url,
  ev.artifact_changed_at,
  ${evidence_missing} AS required_evidence_missing
FROM packages v
LEFT JOIN tags t ON t.model_package_arn = v.model_package_arn
LEFT JOIN reports rp ON rp.account_id = v.account_id AND rp.model_package_arn = v.model_package_arn
LEFT JOIN evidence ev ON ev.model_package_arn = v.model_package_arn
LEFT JOIN production pr ON pr.model_package_arn = v.model_package_arn
WHERE v.copy_rank = 1
