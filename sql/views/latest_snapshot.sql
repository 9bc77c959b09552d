-- Per account and region, the newest snapshot that was written: the newest snapshot date with a
-- run that did not fail, and the newest such run's snapshot time (a snapshot's date is the UTC date
-- of its time, so both maxima come from the same day). Every "current state" view joins it, so an
-- account whose export failed today still shows yesterday's state (export_health says it is behind).
CREATE OR REPLACE VIEW "${database}"."latest_snapshot" AS
SELECT
  account_id,
  region,
  max(snapshot_date) AS snapshot_date,
  max(run_snapshot_time) AS snapshot_time
FROM "${database}".export_runs
WHERE status <> 'failed'
GROUP BY account_id, region
