-- Per business unit and group: versions registered, approved, rejected and pending; the share of
-- decisions that were rejections; and the median days from registration to approval (the last
-- modification of an approved version, which is its approval unless it was edited later).
CREATE OR REPLACE VIEW "${database}"."approval_funnel" AS
WITH versions AS (
  SELECT
    coalesce(business_unit, '(none)') AS business_unit,
    account_id,
    region,
    model_package_group_name,
    model_package_group_arn,
    approval_status,
    -- A version registered already Approved took no days to approve.
    CASE
      WHEN approved_at_registration THEN 0
      WHEN approval_status = 'Approved' THEN date_diff('day', CAST(creation_time AS DATE), CAST(last_modified_time AS DATE))
    END AS days_to_approval
  FROM "${database}".model_versions
),
ranked AS (
  SELECT
    v.*,
    row_number() OVER (
      PARTITION BY v.business_unit, v.account_id, v.region, v.model_package_group_arn, v.approval_status
      ORDER BY v.days_to_approval) AS position,
    sum(CASE WHEN v.approval_status = 'Approved' THEN 1 ELSE 0 END) OVER (
      PARTITION BY v.business_unit, v.account_id, v.region, v.model_package_group_arn) AS approved_count
  FROM versions v
)
SELECT
  business_unit,
  account_id,
  region,
  model_package_group_name,
  model_package_group_arn,
  count(*) AS registered,
  count(*) FILTER (WHERE approval_status = 'Approved') AS approved,
  count(*) FILTER (WHERE approval_status = 'Rejected') AS rejected,
  count(*) FILTER (WHERE approval_status = 'PendingManualApproval') AS pending,
  CASE
    WHEN count(*) FILTER (WHERE approval_status IN ('Approved', 'Rejected')) = 0 THEN NULL
    ELSE round(
      CAST(count(*) FILTER (WHERE approval_status = 'Rejected') AS DOUBLE)
        / CAST(count(*) FILTER (WHERE approval_status IN ('Approved', 'Rejected')) AS DOUBLE), 4)
  END AS rejection_rate,
  -- The middle approval time, or the mean of the two middle ones (no integer division: twice the
  -- position is compared with the count).
  avg(CASE
    WHEN approval_status = 'Approved' AND 2 * position BETWEEN approved_count AND approved_count + 2
    THEN CAST(days_to_approval AS DOUBLE) END) AS median_days_to_approval
FROM ranked
GROUP BY business_unit, account_id, region, model_package_group_name, model_package_group_arn
