-- Each period a finding stayed open, one row per finding and episode: the building block of
-- finding_history, remediation_summary and finding_trends. Each account and region's recorded
-- snapshots (finding_runs, written by smgov findings record) are numbered oldest first; a finding
-- present in consecutive recorded snapshots is one episode, and a gap starts a new one (a reopened
-- finding). An episode is resolved by the first recorded snapshot of its account and region
-- without the finding; a day whose export failed, or whose findings were not recorded, has no
-- recorded snapshot, so it resolves nothing. A findings file without its finding_runs row (a
-- record cut short) is not read.
CREATE OR REPLACE VIEW "${database}"."finding_episodes" AS
WITH recorded AS (
  SELECT
    account_id,
    region,
    snapshot_date,
    row_number() OVER (PARTITION BY account_id, region ORDER BY snapshot_date) AS seq
  FROM (SELECT DISTINCT account_id, region, snapshot_date FROM "${database}".finding_runs) runs
),
seen AS (
  SELECT
    f.account_id,
    f.region,
    f.finding_id,
    f.snapshot_date,
    r.seq,
    r.seq - row_number() OVER (
      PARTITION BY f.account_id, f.region, f.finding_id ORDER BY r.seq) AS island
  FROM (SELECT DISTINCT account_id, region, finding_id, snapshot_date FROM "${database}".findings) f
  JOIN recorded r
    ON r.account_id = f.account_id AND r.region = f.region AND r.snapshot_date = f.snapshot_date
),
islands AS (
  SELECT
    account_id, region, finding_id, min(snapshot_date) AS opened_date,
    max(snapshot_date) AS last_seen_date, max(seq) AS last_seq
  FROM seen
  GROUP BY account_id, region, finding_id, island
)
SELECT
  i.account_id,
  i.region,
  i.finding_id,
  row_number() OVER (PARTITION BY i.account_id, i.region, i.finding_id ORDER BY i.opened_date)
    AS episode,
  i.opened_date,
  i.last_seen_date,
  next_run.snapshot_date AS resolved_date,
  newest.snapshot_date AS newest_snapshot_date
FROM islands i
LEFT JOIN recorded next_run
  ON next_run.account_id = i.account_id AND next_run.region = i.region
  AND next_run.seq = i.last_seq + 1
JOIN (
  SELECT account_id, region, max(snapshot_date) AS snapshot_date FROM recorded GROUP BY account_id, region
) newest ON newest.account_id = i.account_id AND newest.region = i.region
