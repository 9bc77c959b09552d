-- Each version's effective tags. Precedence: the version's own tags, then its customer metadata,
-- then its group's tags; the first wins. Keys compare case-insensitively with '-', '_' and spaces
-- ignored (tag_key is the folded key: Business-Unit, business_unit and BusinessUnit are all
-- 'businessunit'). Blank values (empty or only whitespace of any kind) do not count. A version's
-- group is found by its ARN, never its name (a RAM-shared group may have a local group's name).
CREATE OR REPLACE VIEW "${database}"."version_tags" AS
WITH current_versions AS (
  SELECT p.account_id, p.region, p.model_package_arn, p.group_arn
  FROM "${database}".model_packages p
  JOIN "${database}".latest_snapshot l
    ON p.account_id = l.account_id AND p.region = l.region AND p.snapshot_date = l.snapshot_date
),
current_tags AS (
  SELECT
    t.resource_type,
    t.resource_arn,
    t.origin,
    t.key,
    t.value,
    replace(replace(replace(lower(t.key), '-', ''), '_', ''), ' ', '') AS tag_key
  FROM "${database}".resource_tags t
  JOIN "${database}".latest_snapshot l
    ON t.account_id = l.account_id AND t.region = l.region AND t.snapshot_date = l.snapshot_date
  WHERE t.value IS NOT NULL AND NOT coalesce(t.value_is_blank, trim(t.value) = '')
),
candidates AS (
  SELECT
    v.model_package_arn,
    t.tag_key,
    t.key,
    t.value,
    CASE WHEN t.origin = 'tag' THEN 1 ELSE 2 END AS precedence,
    CASE WHEN t.origin = 'tag' THEN 'version_tag' ELSE 'customer_metadata' END AS source
  FROM current_versions v
  JOIN current_tags t ON t.resource_type = 'ModelPackage' AND t.resource_arn = v.model_package_arn
  UNION ALL
  SELECT
    v.model_package_arn,
    t.tag_key,
    t.key,
    t.value,
    3 AS precedence,
    'group_tag' AS source
  FROM current_versions v
  JOIN current_tags t ON t.resource_type = 'ModelPackageGroup' AND t.resource_arn = v.group_arn
)
SELECT model_package_arn, tag_key, key AS written_key, value AS tag_value, source
FROM (
  SELECT
    c.*,
    row_number() OVER (PARTITION BY c.model_package_arn, c.tag_key ORDER BY c.precedence, c.key, c.value) AS tag_rank
  FROM candidates c
) ranked
WHERE tag_rank = 1
