-- Ten-minute rows of the run counts, beside the minute rows (not in Prefect's schema).
--
-- History over hours or days sums, for every interval, the compacted rows of the minutes inside it: 1,440 rows
-- per key for a day. *_count_block holds the same sums per ten minutes of expected_start_time (epoch-aligned), so
-- a ten-minute block lying whole inside one interval is read as one row instead of ten. The compaction folds each
-- batch of deltas into the minute rows and into the block rows in one transaction, so both always agree; the
-- write path is unchanged. Offsets are from the block's start: running_since_us and unstarted_expected_us of a
-- minute row move by (minute - block) per RUNNING run and per unstarted run when added to its block.

CREATE TABLE flow_run_count_block (LIKE flow_run_count);
CREATE INDEX ix_flow_run_count_block__bucket ON flow_run_count_block (bucket, state_type);
CREATE TABLE task_run_count_block (LIKE task_run_count);
CREATE INDEX ix_task_run_count_block__bucket ON task_run_count_block (bucket, state_type);

INSERT INTO flow_run_count_block
SELECT b.block, state_type, state_name, flow_id, deployment_id, work_queue_id, sum(runs), sum(run_time_us),
       sum(running_since_us + CASE WHEN state_type = 'RUNNING' THEN runs * b.shift ELSE 0 END), sum(late_us),
       sum(unstarted), sum(unstarted_expected_us + unstarted * b.shift)
FROM flow_run_count,
     LATERAL (SELECT date_bin('10 minutes', bucket, timestamptz '1970-01-01 00:00:00+00') AS block) AS a,
     LATERAL (SELECT a.block, run_count_us(bucket - a.block) AS shift) AS b
WHERE bucket <> '-infinity'
GROUP BY b.block, state_type, state_name, flow_id, deployment_id, work_queue_id
HAVING sum(runs) <> 0;

INSERT INTO task_run_count_block
SELECT b.block, state_type, state_name, sum(runs), sum(run_time_us),
       sum(running_since_us + CASE WHEN state_type = 'RUNNING' THEN runs * b.shift ELSE 0 END), sum(late_us),
       sum(unstarted), sum(unstarted_expected_us + unstarted * b.shift)
FROM task_run_count,
     LATERAL (SELECT date_bin('10 minutes', bucket, timestamptz '1970-01-01 00:00:00+00') AS block) AS a,
     LATERAL (SELECT a.block, run_count_us(bucket - a.block) AS shift) AS b
WHERE bucket <> '-infinity'
GROUP BY b.block, state_type, state_name
HAVING sum(runs) <> 0;
