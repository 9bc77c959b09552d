-- The governance rules of sql/rules.yaml, one row per endpoint variant (rules about what runs), per
-- endpoint (its Model Monitor schedules) or per version (rules about a version, or about a version in
-- production). Each rule is declared once there: its category, severity, grain, condition and detail
-- come into this view through the variant_* and version_* placeholders (smgov catalog render
-- shows the result). A variant- or endpoint-level finding belongs to the endpoint's account and
-- region; a version-level one to the version's. Thresholds and required tag keys come from the policy
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
-- resource_arn is what a finding is about (the endpoint's ARN, or the version's): what a policy
-- waiver names. finding_id names a finding across snapshots: the SHA-256 (lower-case hex) of its
-- rule id, a bar and the resource - the endpoint's ARN for an endpoint finding, the endpoint's
-- ARN, a bar and the variant's name for a variant finding, the version's ARN for a version
-- finding. It stays the same while the variant serves another version, and is the same on Athena
-- and DuckDB. monthly_cost_usd: for a variant finding, what the variant costs a month (deployments'
-- estimate; null when unknown, and for endpoint and version findings). A variant with several
-- findings carries its cost on each: sum it per variant, or per rule, not over all findings.
CREATE OR REPLACE VIEW "${database}"."governance_findings" AS
WITH variant_rules (rule_id, category, severity, grain) AS (
  VALUES
${variant_rules}
),
version_rules (rule_id, category, severity, grain) AS (
  VALUES
${version_rules}
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
      snapshot_date, account_id, region, endpoint_name, endpoint_arn, variant_name,
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
      monthly_cost_usd,
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
  ${variant_severity} AS severity,
  CASE WHEN r.grain = 'endpoint' THEN NULL ELSE v.model_package_group_name END
    AS model_package_group_name,
  CASE WHEN r.grain = 'endpoint' THEN NULL ELSE v.model_package_arn END AS model_package_arn,
  CASE WHEN r.grain = 'endpoint' THEN NULL ELSE v.model_package_version END
    AS model_package_version,
  v.endpoint_name,
  CASE WHEN r.grain = 'endpoint' THEN NULL ELSE v.variant_name END AS variant_name,
  v.owner,
  v.business_unit,
  CASE r.rule_id
${variant_details}
  END AS detail,
  v.endpoint_arn AS resource_arn,
  lower(to_hex(sha256(to_utf8(r.rule_id || '|' || v.endpoint_arn
    || CASE WHEN r.grain = 'endpoint' THEN '' ELSE '|' || v.variant_name END)))) AS finding_id,
  CASE WHEN r.grain = 'variant' THEN v.monthly_cost_usd END AS monthly_cost_usd
FROM variants v
CROSS JOIN variant_rules r
WHERE CASE r.rule_id
${variant_conditions}
  ELSE false
END

UNION ALL

SELECT
  m.snapshot_date,
  m.account_id,
  m.region,
  r.rule_id,
  r.category,
  ${version_severity} AS severity,
  m.model_package_group_name,
  m.model_package_arn,
  m.model_package_version,
  CASE WHEN r.grain = 'version' THEN NULL ELSE m.first_production_endpoint END,
  CAST(NULL AS VARCHAR),
  m.owner,
  m.business_unit,
  m.model_package_group_name || ' version ' || CAST(m.model_package_version AS VARCHAR) ||
  CASE r.rule_id
${version_details}
  END AS detail,
  m.model_package_arn AS resource_arn,
  lower(to_hex(sha256(to_utf8(r.rule_id || '|' || m.model_package_arn)))) AS finding_id,
  CAST(NULL AS DOUBLE) AS monthly_cost_usd
FROM "${database}".model_versions m
CROSS JOIN version_rules r
WHERE CASE r.rule_id
${version_conditions}
  ELSE false
END
