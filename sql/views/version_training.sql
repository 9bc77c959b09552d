-- How each version was made: the training job its lineage names (training_jobs), one row per input
-- channel of the job with the dataset the lineage holds at that channel's S3 URI (null when the
-- lineage has none there). A job smgov cannot read (another account, deleted) keeps its row, with
-- status unknown and the reason, and no channel. Owner and business unit come along so
-- row-level security by business unit applies here too.
CREATE OR REPLACE VIEW "${database}"."version_training" AS
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
  j.training_job_arn,
  j.training_job_name,
  j.status AS training_job_status,
  j.unknown_reason,
  j.training_image,
  j.instance_type,
  j.instance_count,
  j.managed_spot,
  j.training_start_time,
  j.training_end_time,
  j.training_seconds,
  j.billable_seconds,
  j.network_isolation,
  j.inter_container_encryption,
  j.vpc,
  j.volume_kms_key,
  j.hyperparameters,
  j.final_metrics,
  c.channel_name,
  c.s3_uri AS channel_s3_uri,
  d.dataset_arn
FROM "${database}".model_versions v
JOIN "${database}".training_jobs j
  ON j.model_package_arn = v.model_package_arn
 AND j.account_id = v.account_id
 AND j.region = v.region
 AND j.snapshot_date = v.snapshot_date
LEFT JOIN "${database}".training_channels c
  ON c.training_job_arn = j.training_job_arn
 AND c.account_id = j.account_id
 AND c.region = j.region
 AND c.snapshot_date = j.snapshot_date
LEFT JOIN (
  -- one dataset per URI (two DataSet entities of one URI would repeat the channel)
  SELECT account_id, region, snapshot_date, model_package_arn, source_uri, min(entity_arn) AS dataset_arn
  FROM "${database}".model_lineage
  WHERE entity_type = 'DataSet'
  GROUP BY account_id, region, snapshot_date, model_package_arn, source_uri
) d
  ON d.model_package_arn = v.model_package_arn
 AND d.account_id = v.account_id
 AND d.region = v.region
 AND d.snapshot_date = v.snapshot_date
 AND d.source_uri = c.s3_uri
