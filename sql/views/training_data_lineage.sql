-- Version to the datasets that trained it: the DataSet entities upstream of each version in its
-- lineage, with the shortest path length (1 = directly associated with the package). Owner and
-- business unit come along so row-level security by business unit applies here too.
CREATE OR REPLACE VIEW "${database}"."training_data_lineage" AS
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
  l.entity_arn AS dataset_arn,
  l.source_uri AS dataset_uri,
  min(l.depth) AS depth
FROM "${database}".model_versions v
JOIN "${database}".model_lineage l
  ON l.model_package_arn = v.model_package_arn
 AND l.account_id = v.account_id
 AND l.region = v.region
 AND l.snapshot_date = v.snapshot_date
WHERE l.entity_type = 'DataSet'
GROUP BY v.account_id, v.region, v.model_package_group_name, v.model_package_version, v.model_package_arn,
  v.approval_status, v.is_in_production, v.owner, v.business_unit, l.entity_arn, l.source_uri
