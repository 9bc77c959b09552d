-- What each version's data looked like: one row per feature of its data-quality statistics report
-- (feature_statistics), with the constraints report's completeness, sign and domain for the same
-- feature where there is one. missing_share is missing / (present + missing). Owner and business
-- unit come along so row-level security by business unit applies here too.
CREATE OR REPLACE VIEW "${database}"."version_features" AS
SELECT
  v.account_id,
  v.region,
  v.model_package_group_name,
  v.model_package_version,
  v.model_package_arn,
  v.approval_status,
  v.is_in_production,
  v.owner,
  v.business_unit,
  f.feature_name,
  f.inferred_type,
  f.item_count,
  f.num_present,
  f.num_missing,
  CASE WHEN coalesce(f.num_present, 0) + coalesce(f.num_missing, 0) > 0
    THEN CAST(coalesce(f.num_missing, 0) AS DOUBLE) / (coalesce(f.num_present, 0) + coalesce(f.num_missing, 0))
  END AS missing_share,
  f.mean,
  f.std_dev,
  f.min,
  f.max,
  f.p05,
  f.p25,
  f.p50,
  f.p75,
  f.p95,
  f.distinct_count,
  f.top_values,
  f.histogram,
  c.completeness,
  c.is_non_negative,
  c.domain_size
FROM "${database}".model_versions v
JOIN "${database}".feature_statistics f
  ON f.model_package_arn = v.model_package_arn
 AND f.account_id = v.account_id
 AND f.region = v.region
 AND f.snapshot_date = v.snapshot_date
LEFT JOIN "${database}".feature_constraints c
  ON c.model_package_arn = f.model_package_arn
 AND c.feature_name = f.feature_name
 AND c.account_id = f.account_id
 AND c.region = f.region
 AND c.snapshot_date = f.snapshot_date
