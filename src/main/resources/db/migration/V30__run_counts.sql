-- Pre-aggregated run counts for history and counts (not in Prefect's schema).
--
-- Every change of a run's counted columns appends delta rows (the run's old contribution negated, its new one)
-- to *_count_delta in the same transaction, from a trigger: no row is updated on the write path, so concurrent
-- writers never wait on a shared counter row. A background compaction (service RunCountCompaction) folds the
-- deltas into *_count: one row per minute of expected_start_time and key, plus one total row per key with the
-- bucket '-infinity'. Readers add the pending deltas to the compacted rows, so answers never lag.
--
-- Per row: runs; run_time_us = sum of greatest(0, total_run_time) for runs not RUNNING and of total_run_time
-- for RUNNING runs, whose estimated run time adds now() - state_timestamp at read time (running_since_us is
-- the sum of their state timestamps less the bucket); late_us = sum of start_time - expected_start_time for runs
-- started late; unstarted / unstarted_expected_us = runs not started and in no final state, and the sum of their
-- expected start times less the bucket (their lateness is now() - expected_start_time once that is in the past).
-- Durations in microseconds; times as offsets from the bucket, so the sums stay far from bigint's range. Total
-- rows keep only runs (their sums are 0). Runs without a state are not counted.

CREATE TABLE flow_run_count_delta (
    bucket timestamptz,
    state_type state_type NOT NULL,
    state_name varchar,
    flow_id uuid,
    deployment_id uuid,
    work_queue_id uuid,
    runs bigint NOT NULL,
    run_time_us bigint NOT NULL,
    running_since_us bigint NOT NULL,
    late_us bigint NOT NULL,
    unstarted bigint NOT NULL,
    unstarted_expected_us bigint NOT NULL
);

CREATE TABLE flow_run_count (LIKE flow_run_count_delta);
ALTER TABLE flow_run_count ALTER COLUMN bucket SET NOT NULL;
CREATE INDEX ix_flow_run_count__bucket ON flow_run_count (bucket, state_type);

CREATE TABLE task_run_count_delta (
    bucket timestamptz,
    state_type state_type NOT NULL,
    state_name varchar,
    runs bigint NOT NULL,
    run_time_us bigint NOT NULL,
    running_since_us bigint NOT NULL,
    late_us bigint NOT NULL,
    unstarted bigint NOT NULL,
    unstarted_expected_us bigint NOT NULL
);

CREATE TABLE task_run_count (LIKE task_run_count_delta);
ALTER TABLE task_run_count ALTER COLUMN bucket SET NOT NULL;
CREATE INDEX ix_task_run_count__bucket ON task_run_count (bucket, state_type);

-- Microseconds since the epoch, and of an interval.
CREATE FUNCTION run_count_us(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM t) * 1000000)::bigint $$;
CREATE FUNCTION run_count_us(i interval) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM i) * 1000000)::bigint $$;

-- The contribution of one run (none without a state); sign -1 takes it away.
CREATE FUNCTION flow_run_count_row(r flow_run, sign int) RETURNS SETOF flow_run_count_delta
    LANGUAGE sql STABLE AS $$
    SELECT b, r.state_type, r.state_name, r.flow_id, r.deployment_id, r.work_queue_id, sign::bigint,
           sign * CASE WHEN r.state_type = 'RUNNING' THEN run_count_us(r.total_run_time)
                       ELSE greatest(0, run_count_us(r.total_run_time)) END,
           sign * CASE WHEN r.state_type = 'RUNNING' AND b IS NOT NULL THEN run_count_us(r.state_timestamp - b)
                       ELSE 0 END,
           sign * CASE WHEN r.start_time > r.expected_start_time
                       THEN run_count_us(r.start_time - r.expected_start_time) ELSE 0 END,
           sign * CASE WHEN r.start_time IS NULL AND b IS NOT NULL
                            AND r.state_type NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED') THEN 1 ELSE 0 END,
           sign * CASE WHEN r.start_time IS NULL AND b IS NOT NULL
                            AND r.state_type NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED')
                       THEN run_count_us(r.expected_start_time - b) ELSE 0 END
    FROM (SELECT date_bin('1 minute', r.expected_start_time, timestamptz '1970-01-01 00:00:00+00') AS b) AS bucket
    WHERE r.state_type IS NOT NULL
$$;

CREATE FUNCTION flow_run_count_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO flow_run_count_delta SELECT * FROM flow_run_count_row(NEW, 1);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO flow_run_count_delta SELECT * FROM flow_run_count_row(OLD, -1);
    ELSE
        INSERT INTO flow_run_count_delta
        SELECT * FROM flow_run_count_row(OLD, -1) UNION ALL SELECT * FROM flow_run_count_row(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION task_run_count_row(r task_run, sign int) RETURNS SETOF task_run_count_delta
    LANGUAGE sql STABLE AS $$
    SELECT b, r.state_type, r.state_name, sign::bigint,
           sign * CASE WHEN r.state_type = 'RUNNING' THEN run_count_us(r.total_run_time)
                       ELSE greatest(0, run_count_us(r.total_run_time)) END,
           sign * CASE WHEN r.state_type = 'RUNNING' AND b IS NOT NULL THEN run_count_us(r.state_timestamp - b)
                       ELSE 0 END,
           sign * CASE WHEN r.start_time > r.expected_start_time
                       THEN run_count_us(r.start_time - r.expected_start_time) ELSE 0 END,
           sign * CASE WHEN r.start_time IS NULL AND b IS NOT NULL
                            AND r.state_type NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED') THEN 1 ELSE 0 END,
           sign * CASE WHEN r.start_time IS NULL AND b IS NOT NULL
                            AND r.state_type NOT IN ('COMPLETED', 'CANCELLED', 'FAILED', 'CRASHED')
                       THEN run_count_us(r.expected_start_time - b) ELSE 0 END
    FROM (SELECT date_bin('1 minute', r.expected_start_time, timestamptz '1970-01-01 00:00:00+00') AS b) AS bucket
    WHERE r.state_type IS NOT NULL
$$;

CREATE FUNCTION task_run_count_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_run_count_delta SELECT * FROM task_run_count_row(NEW, 1);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO task_run_count_delta SELECT * FROM task_run_count_row(OLD, -1);
    ELSE
        INSERT INTO task_run_count_delta
        SELECT * FROM task_run_count_row(OLD, -1) UNION ALL SELECT * FROM task_run_count_row(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER flow_run_count_insert AFTER INSERT ON flow_run FOR EACH ROW
    WHEN (NEW.state_type IS NOT NULL) EXECUTE FUNCTION flow_run_count_delta();
CREATE TRIGGER flow_run_count_delete AFTER DELETE ON flow_run FOR EACH ROW
    WHEN (OLD.state_type IS NOT NULL) EXECUTE FUNCTION flow_run_count_delta();
CREATE TRIGGER flow_run_count_update AFTER UPDATE ON flow_run FOR EACH ROW
    WHEN (OLD.state_type IS DISTINCT FROM NEW.state_type OR OLD.state_name IS DISTINCT FROM NEW.state_name
          OR OLD.state_timestamp IS DISTINCT FROM NEW.state_timestamp
          OR OLD.expected_start_time IS DISTINCT FROM NEW.expected_start_time
          OR OLD.start_time IS DISTINCT FROM NEW.start_time OR OLD.total_run_time IS DISTINCT FROM NEW.total_run_time
          OR OLD.flow_id IS DISTINCT FROM NEW.flow_id OR OLD.deployment_id IS DISTINCT FROM NEW.deployment_id
          OR OLD.work_queue_id IS DISTINCT FROM NEW.work_queue_id)
    EXECUTE FUNCTION flow_run_count_delta();

CREATE TRIGGER task_run_count_insert AFTER INSERT ON task_run FOR EACH ROW
    WHEN (NEW.state_type IS NOT NULL) EXECUTE FUNCTION task_run_count_delta();
CREATE TRIGGER task_run_count_delete AFTER DELETE ON task_run FOR EACH ROW
    WHEN (OLD.state_type IS NOT NULL) EXECUTE FUNCTION task_run_count_delta();
CREATE TRIGGER task_run_count_update AFTER UPDATE ON task_run FOR EACH ROW
    WHEN (OLD.state_type IS DISTINCT FROM NEW.state_type OR OLD.state_name IS DISTINCT FROM NEW.state_name
          OR OLD.state_timestamp IS DISTINCT FROM NEW.state_timestamp
          OR OLD.expected_start_time IS DISTINCT FROM NEW.expected_start_time
          OR OLD.start_time IS DISTINCT FROM NEW.start_time OR OLD.total_run_time IS DISTINCT FROM NEW.total_run_time)
    EXECUTE FUNCTION task_run_count_delta();

-- Runs already in the database: their contributions, as deltas the compaction will fold.
INSERT INTO flow_run_count_delta SELECT c.* FROM flow_run r, flow_run_count_row(r, 1) c;
INSERT INTO task_run_count_delta SELECT c.* FROM task_run r, task_run_count_row(r, 1) c;
