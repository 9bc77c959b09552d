-- What each version in production costs a month: the sum of the monthly cost (deployments'
-- estimate) of the production variants that serve it. A variant that serves several versions (an
-- inference pipeline of several registry containers, or inference components on shared instances)
-- is counted in full for each; shared_variants says how many of a version's variants are shared,
-- so sums over versions can double count where it is above 0 (endpoint_costs counts each variant
-- once). unknown_variants: variants whose cost is unknown, left out of the sum, never zero; the
-- sum is null when no variant's cost is known. Grouped by the version's account and region.
CREATE OR REPLACE VIEW "${database}"."version_costs" AS
WITH served AS (
  SELECT
    min(snapshot_date) AS snapshot_date,
    version_account_id,
    version_region,
    model_package_arn,
    min(model_package_group_name) AS model_package_group_name,
    min(model_package_version) AS model_package_version,
    min(approval_status) AS approval_status,
    min(owner) AS owner,
    min(business_unit) AS business_unit,
    max(monthly_cost_usd) AS monthly_cost_usd,
    min(cost_status) AS cost_status,
    count(*) OVER (PARTITION BY account_id, region, endpoint_arn, variant_name) AS versions_on_variant
  FROM "${database}".deployments
  WHERE is_production AND resolution = 'resolved' AND version_account_id IS NOT NULL
  GROUP BY version_account_id, version_region, model_package_arn, account_id, region, endpoint_arn, variant_name
)
SELECT
  max(snapshot_date) AS snapshot_date,
  version_account_id AS account_id,
  version_region AS region,
  model_package_arn,
  min(model_package_group_name) AS model_package_group_name,
  min(model_package_version) AS model_package_version,
  min(approval_status) AS approval_status,
  min(owner) AS owner,
  min(business_unit) AS business_unit,
  count(*) AS production_variants,
  count(*) FILTER (WHERE versions_on_variant > 1) AS shared_variants,
  count(*) FILTER (WHERE cost_status <> 'priced') AS unknown_variants,
  round(sum(monthly_cost_usd), 2) AS monthly_cost_usd
FROM served
GROUP BY version_account_id, version_region, model_package_arn
