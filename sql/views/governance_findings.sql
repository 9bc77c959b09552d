-- The twenty-one governance rules, one row per endpoint variant (rules about what runs), per endpoint
-- (its Model Monitor schedules) or per version (rules about a version, or about a version in
-- production). A variant- or endpoint-level finding belongs to the endpoint's account and region; a
-- version-level one to the version's. Thresholds and required tag keys come from the policy
-- (--policy): ${stale_after_days}, ${pending_after_days}, required tags ${required_tags_text},
-- idle ${idle_days} days, latency budget ${latency_p90_ms} ms, approval notes of at least
-- ${min_approval_note_chars} characters; approver_roles and required_evidence, when the policy sets
-- them (APPROVER_NOT_AUTHORIZED and MISSING_REQUIRED_EVIDENCE are silent otherwise).
-- DEPLOYED_BEFORE_APPROVAL compares a variant's deployed_at with its version's first_approved_at,
-- both only where certain: a CloudTrail approval event (or registration already Approved), and the
-- endpoint's or component's last update, which later updates move later, never earlier.
-- Ages compare instants: "more than N days" is snapshot_time - t > N x 24 h, to the millisecond.
-- Unknown is not none: a rule that needs data the export could not read stays silent, and a serving
-- variant whose model or version can't be determined is UNRESOLVED_DEPLOYMENT.
-- Each grain is read once and crossed with its rules (Athena inlines every reference to a view).
CREATE OR REPLACE VIEW "${database}"."governance_findings" AS
WITH variant_rules (rule_id, category) AS (
  VALUES
    ('UNAPPROVED_IN_PRODUCTION', 'unapproved'),
    ('DEPLOYED_BEFORE_APPROVAL', 'unapproved'),
    ('NOT_FROM_REGISTRY', 'unapproved'),
    ('STALE_PRODUCTION_MODEL', 'stale'),
    ('SUPERSEDED_IN_PRODUCTION', 'stale'),
    ('ENDPOINT_VERSION_TAG_MISMATCH', 'integrity'),
    ('UNRESOLVED_DEPLOYMENT', 'integrity'),
    ('IDLE_ENDPOINT', 'operational'),
    ('LATENCY_OVER_BUDGET', 'operational'),
    ('MONITORING_VIOLATIONS', 'operational'),
    ('NO_MONITORING', 'operational')
),
version_rules (rule_id, category) AS (
  VALUES
    ('SELF_APPROVED', 'unapproved'),
    ('APPROVER_NOT_AUTHORIZED', 'unapproved'),
    ('PENDING_APPROVAL_TOO_LONG', 'unapproved'),
    ('ARTIFACT_CHANGED_AFTER_REGISTRATION', 'integrity'),
    ('MISSING_EVALUATION_METRICS', 'undocumented'),
    ('MISSING_REQUIRED_EVIDENCE', 'undocumented'),
    ('MISSING_APPROVAL_NOTE', 'undocumented'),
    ('MISSING_OWNER', 'undocumented'),
    ('MISSING_LINEAGE', 'undocumented'),
    ('MISSING_MODEL_CARD', 'undocumented')
),
variants AS (
  -- Production variants: one row per version served (a multi-container model may repeat one),
  -- or one row for a variant that runs nothing from the registry. variant_rank and endpoint_rank
  -- pick one row per variant and per endpoint for the rules about them.
  SELECT
    d.*,
    row_number() OVER (
      PARTITION BY account_id, region, endpoint_name, variant_name ORDER BY model_package_arn NULLS LAST) AS variant_rank,
    row_number() OVER (
      PARTITION BY account_id, region, endpoint_name ORDER BY variant_name, model_package_arn NULLS LAST) AS endpoint_rank,
    row_number() OVER (
      PARTITION BY account_id, region, endpoint_name, variant_name
      ORDER BY CASE WHEN unresolved_reason IS NULL THEN 1 ELSE 0 END, unresolved_reason) AS unresolved_rank
  FROM (
    SELECT DISTINCT
      snapshot_date, account_id, region, endpoint_name, variant_name,
      CASE WHEN resolution = 'resolved' THEN model_package_arn END AS model_package_arn,
      CASE WHEN resolution = 'resolved' THEN model_package_group_name END AS model_package_group_name,
      CASE WHEN resolution = 'resolved' THEN model_package_version END AS model_package_version,
      CASE WHEN resolution = 'resolved' THEN approval_status END AS approval_status,
      CASE WHEN resolution = 'resolved' THEN version_age_days END AS version_age_days,
      CASE WHEN resolution = 'resolved' THEN version_age_ms END AS version_age_ms,
      CASE WHEN resolution = 'resolved' THEN version_first_approved_at END AS version_first_approved_at,
      CASE WHEN resolution = 'resolved' THEN deployed_at END AS deployed_at,
      unresolved_reason,
      CASE WHEN resolution = 'resolved' THEN group_newest_approved_version END AS group_newest_approved_version,
      version_tag,
      variant_registry_containers,
      variant_unregistered_containers,
      owner,
      business_unit,
      CASE WHEN resolution = 'no_package'
        THEN coalesce('model ' || model_name, 'inference component ' || inference_component_name) END AS unregistered_model,
      metrics_window_days,
      last_invocation_date,
      model_latency_p90_ms,
      is_idle,
      is_over_latency_budget,
      monitoring_schedules,
      schedules_with_violations,
      endpoint_alarms
    FROM "${database}".deployments
    WHERE is_production
  ) d
)
SELECT
  v.snapshot_date,
  v.account_id,
  v.region,
  r.rule_id,
  r.category,
  CASE
    WHEN r.rule_id = 'UNAPPROVED_IN_PRODUCTION' AND v.approval_status = 'Rejected' THEN 'critical'
    WHEN r.rule_id IN ('UNAPPROVED_IN_PRODUCTION', 'DEPLOYED_BEFORE_APPROVAL', 'NOT_FROM_REGISTRY', 'UNRESOLVED_DEPLOYMENT',
      'MONITORING_VIOLATIONS') THEN 'high'
    WHEN r.rule_id IN ('STALE_PRODUCTION_MODEL', 'ENDPOINT_VERSION_TAG_MISMATCH', 'IDLE_ENDPOINT', 'LATENCY_OVER_BUDGET') THEN 'medium'
    ELSE 'low'
  END AS severity,
  CASE WHEN r.rule_id IN ('MONITORING_VIOLATIONS', 'NO_MONITORING') THEN NULL ELSE v.model_package_group_name END
    AS model_package_group_name,
  CASE WHEN r.rule_id IN ('MONITORING_VIOLATIONS', 'NO_MONITORING') THEN NULL ELSE v.model_package_arn END AS model_package_arn,
  CASE WHEN r.rule_id IN ('MONITORING_VIOLATIONS', 'NO_MONITORING') THEN NULL ELSE v.model_package_version END
    AS model_package_version,
  v.endpoint_name,
  CASE WHEN r.rule_id IN ('MONITORING_VIOLATIONS', 'NO_MONITORING') THEN NULL ELSE v.variant_name END AS variant_name,
  v.owner,
  v.business_unit,
  CASE r.rule_id
    WHEN 'UNAPPROVED_IN_PRODUCTION' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') serves ' || v.model_package_group_name
        || ' version ' || CAST(v.model_package_version AS VARCHAR) || ', which is ' || v.approval_status
    WHEN 'DEPLOYED_BEFORE_APPROVAL' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') has served ' || v.model_package_group_name
        || ' version ' || CAST(v.model_package_version AS VARCHAR) || ' since ' || substr(CAST(v.deployed_at AS VARCHAR), 1, 19) || ' UTC'
        || ', before the version was first approved at ' || substr(CAST(v.version_first_approved_at AS VARCHAR), 1, 19) || ' UTC'
    WHEN 'NOT_FROM_REGISTRY' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') runs ' || v.unregistered_model
        || ', which has no container from the model registry'
    WHEN 'STALE_PRODUCTION_MODEL' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') serves ' || v.model_package_group_name
        || ' version ' || CAST(v.model_package_version AS VARCHAR) || ', registered '
        || CAST(v.version_age_days AS VARCHAR) || ' days ago (policy: ${stale_after_days})'
    WHEN 'SUPERSEDED_IN_PRODUCTION' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') serves ' || v.model_package_group_name
        || ' version ' || CAST(v.model_package_version AS VARCHAR) || ' while version '
        || CAST(v.group_newest_approved_version AS VARCHAR) || ' is approved'
    WHEN 'ENDPOINT_VERSION_TAG_MISMATCH' THEN
      'Endpoint ' || v.endpoint_name || ' is tagged model-package-version=' || v.version_tag || ' but '
        || v.variant_name || ' serves version ' || CAST(v.model_package_version AS VARCHAR)
    WHEN 'UNRESOLVED_DEPLOYMENT' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') serves production traffic, but what it runs'
        || ' cannot be determined: ' || v.unresolved_reason || ', so its approval and documentation are not verifiable'
    WHEN 'IDLE_ENDPOINT' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') had no invocation in the last ${idle_days} days'
        || CASE WHEN v.last_invocation_date IS NULL
             THEN ' (none in the ' || CAST(v.metrics_window_days AS VARCHAR) || '-day metrics window)'
             ELSE ' (last on ' || CAST(v.last_invocation_date AS VARCHAR) || ')' END
        || ': a candidate for decommissioning'
    WHEN 'LATENCY_OVER_BUDGET' THEN
      'Endpoint ' || v.endpoint_name || ' (' || v.variant_name || ') answers in '
        || CAST(CAST(round(v.model_latency_p90_ms) AS BIGINT) AS VARCHAR) || ' ms at p90 over the last '
        || CAST(v.metrics_window_days AS VARCHAR) || ' days, above the budget of ${latency_p90_ms} ms'
    WHEN 'MONITORING_VIOLATIONS' THEN
      'Endpoint ' || v.endpoint_name || ': the latest run of ' || CAST(v.schedules_with_violations AS VARCHAR) || ' of its '
        || CAST(v.monitoring_schedules AS VARCHAR) || ' Model Monitor schedules completed with violations (drift from its baseline)'
    ELSE
      'Endpoint ' || v.endpoint_name || ' serves production traffic without a Model Monitor schedule or a CloudWatch alarm on its metrics'
  END AS detail
FROM variants v
CROSS JOIN variant_rules r
WHERE CASE r.rule_id
  WHEN 'UNAPPROVED_IN_PRODUCTION' THEN v.approval_status IS NOT NULL AND v.approval_status <> 'Approved'
  WHEN 'DEPLOYED_BEFORE_APPROVAL' THEN v.approval_status = 'Approved' AND v.deployed_at < v.version_first_approved_at
  WHEN 'NOT_FROM_REGISTRY' THEN v.unregistered_model IS NOT NULL AND v.variant_registry_containers = 0
  WHEN 'STALE_PRODUCTION_MODEL' THEN v.version_age_ms > CAST(${stale_after_days} AS BIGINT) * 86400000
  WHEN 'SUPERSEDED_IN_PRODUCTION' THEN v.group_newest_approved_version > v.model_package_version
  WHEN 'ENDPOINT_VERSION_TAG_MISMATCH' THEN
    v.model_package_version IS NOT NULL AND v.version_tag IS NOT NULL
    AND v.version_tag <> CAST(v.model_package_version AS VARCHAR)
  WHEN 'UNRESOLVED_DEPLOYMENT' THEN v.unresolved_rank = 1 AND v.unresolved_reason IS NOT NULL
  WHEN 'IDLE_ENDPOINT' THEN v.variant_rank = 1 AND v.is_idle
  WHEN 'LATENCY_OVER_BUDGET' THEN v.variant_rank = 1 AND v.is_over_latency_budget
  WHEN 'MONITORING_VIOLATIONS' THEN v.endpoint_rank = 1 AND v.schedules_with_violations > 0
  WHEN 'NO_MONITORING' THEN v.endpoint_rank = 1 AND v.monitoring_schedules = 0 AND v.endpoint_alarms = 0
  ELSE false
END

UNION ALL

SELECT
  m.snapshot_date,
  m.account_id,
  m.region,
  r.rule_id,
  r.category,
  CASE
    WHEN r.rule_id = 'ARTIFACT_CHANGED_AFTER_REGISTRATION' THEN 'critical'
    WHEN r.rule_id IN ('SELF_APPROVED', 'APPROVER_NOT_AUTHORIZED', 'MISSING_EVALUATION_METRICS', 'MISSING_REQUIRED_EVIDENCE')
      THEN 'high'
    WHEN r.rule_id IN ('MISSING_APPROVAL_NOTE', 'MISSING_OWNER', 'MISSING_LINEAGE') THEN 'medium'
    ELSE 'low'
  END AS severity,
  m.model_package_group_name,
  m.model_package_arn,
  m.model_package_version,
  CASE WHEN r.rule_id IN ('SELF_APPROVED', 'PENDING_APPROVAL_TOO_LONG') THEN NULL ELSE m.first_production_endpoint END,
  CAST(NULL AS VARCHAR),
  m.owner,
  m.business_unit,
  m.model_package_group_name || ' version ' || CAST(m.model_package_version AS VARCHAR) ||
  CASE r.rule_id
    WHEN 'SELF_APPROVED' THEN
      CASE WHEN m.approved_at_registration
        THEN ' was registered already Approved (approved at registration) by ' || m.created_by
        ELSE ' was approved by the identity that registered it: ' || m.created_by END
    WHEN 'APPROVER_NOT_AUTHORIZED' THEN
      ' is in production, approved by ' || m.approved_by
        || coalesce(' (role ' || m.approved_by_role || ')', ' (role unknown)')
        || ', who is not among the policy''s approver_roles (${approver_roles_text})'
    WHEN 'ARTIFACT_CHANGED_AFTER_REGISTRATION' THEN
      ' is in production, but its model artefact ' || m.artifact_changed_url
        || CASE WHEN m.artifact_changed_at IS NULL THEN ' is gone'
             ELSE ' is not the object it was registered with (last written ' || substr(CAST(m.artifact_changed_at AS VARCHAR), 1, 19) || ' UTC'
               || ', registered ' || substr(CAST(m.creation_time AS VARCHAR), 1, 19) || ' UTC' || ')' END
    WHEN 'MISSING_REQUIRED_EVIDENCE' THEN
      ' is in production without its required evidence: ' || m.required_evidence_missing
    WHEN 'PENDING_APPROVAL_TOO_LONG' THEN
      ', the newest of its group, has waited ' || CAST(m.age_days AS VARCHAR)
        || ' days for approval (policy: ${pending_after_days})'
    WHEN 'MISSING_EVALUATION_METRICS' THEN ' is in production without a model-quality report that parsed into metrics'
    WHEN 'MISSING_APPROVAL_NOTE' THEN
      CASE WHEN m.has_approval_note
        THEN ' is in production and was approved with a note of ' || CAST(m.approval_note_chars AS VARCHAR)
          || ' characters (policy: at least ${min_approval_note_chars})'
        ELSE ' is in production and was approved without an approval description' END
    WHEN 'MISSING_OWNER' THEN
      ' is in production without ' || CAST(m.required_tags_missing AS VARCHAR)
        || ' of its required tags (${required_tags_text}) on the version, its metadata or its group'
    WHEN 'MISSING_LINEAGE' THEN ' is in production with no dataset upstream in its lineage'
    ELSE ' is in production without a model card (on the version, or a model card that links it)'
  END AS detail
FROM "${database}".model_versions m
CROSS JOIN version_rules r
WHERE CASE r.rule_id
  WHEN 'SELF_APPROVED' THEN m.approved_by IS NOT NULL AND m.approved_by = m.created_by
  WHEN 'APPROVER_NOT_AUTHORIZED' THEN
    ${approver_roles_configured} AND m.is_in_production AND m.approval_status = 'Approved' AND m.approved_by IS NOT NULL
    AND NOT ${approver_authorized} AND NOT ${approver_unknown}
  WHEN 'ARTIFACT_CHANGED_AFTER_REGISTRATION' THEN m.is_in_production AND m.artifact_status = 'changed'
  WHEN 'MISSING_REQUIRED_EVIDENCE' THEN m.is_in_production AND m.required_evidence_missing IS NOT NULL
  WHEN 'PENDING_APPROVAL_TOO_LONG' THEN
    m.is_newest_version AND m.approval_status = 'PendingManualApproval'
    AND date_diff('millisecond', m.creation_time, m.snapshot_time) > CAST(${pending_after_days} AS BIGINT) * 86400000
  WHEN 'MISSING_EVALUATION_METRICS' THEN m.is_in_production AND NOT m.has_model_quality_metrics
  WHEN 'MISSING_APPROVAL_NOTE' THEN
    m.is_in_production AND m.approval_status = 'Approved'
    AND (NOT m.has_approval_note OR m.approval_note_chars < ${min_approval_note_chars})
  WHEN 'MISSING_OWNER' THEN m.is_in_production AND m.owner_status = 'missing'
  WHEN 'MISSING_LINEAGE' THEN m.is_in_production AND m.lineage_status = 'missing'
  WHEN 'MISSING_MODEL_CARD' THEN m.is_in_production AND NOT m.has_model_card AND m.model_card_verifiable
  ELSE false
END
