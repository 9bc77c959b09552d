-- For each version in production, the newest Approved version of the same group that is older
-- than it: where to roll back to (null when there is none), with what an auditor checks first.
-- Groups are matched by ARN, never by name.
CREATE OR REPLACE VIEW "${database}"."rollback_targets" AS
WITH served AS (
  SELECT DISTINCT
    snapshot_date, account_id, region, endpoint_name, variant_name, model_package_arn,
    version_account_id, version_region, model_package_group_name, model_package_group_arn, model_package_version, approval_status,
    previous_approved_version, owner, business_unit
  FROM "${database}".deployments
  WHERE is_production AND resolution = 'resolved' AND model_package_version IS NOT NULL
)
SELECT
  s.snapshot_date,
  s.account_id,
  s.region,
  s.endpoint_name,
  s.variant_name,
  s.model_package_group_name,
  s.model_package_arn AS deployed_model_package_arn,
  s.model_package_version AS deployed_version,
  s.approval_status AS deployed_approval_status,
  t.model_package_arn AS rollback_model_package_arn,
  t.model_package_version AS rollback_version,
  t.creation_time AS rollback_creation_time,
  t.approval_description AS rollback_approval_description,
  t.approved_by AS rollback_approved_by,
  t.has_model_quality_metrics AS rollback_has_metrics,
  t.headline_metric_name AS rollback_headline_metric_name,
  t.headline_metric_value AS rollback_headline_metric_value,
  s.owner,
  s.business_unit
FROM served s
LEFT JOIN "${database}".model_versions t
  ON t.account_id = s.version_account_id
 AND t.region = s.version_region
 AND t.model_package_group_arn = s.model_package_group_arn
 AND t.model_package_version = s.previous_approved_version
