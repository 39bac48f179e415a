package dev.orchestra.bench;

import dev.orchestra.persistence.RunCountRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.UUID;

/**
 * Seeds the flow runs of the history scenario straight into the server's database (Prefect's schema) with
 * {@code generate_series}, in batches of one statement each: every run gets its current state row and the
 * run's denormalised state columns point at it, consistently, as orchestration would have left them.
 *
 * <p>Runs are spread uniformly over the 30 days before seeding and inserted oldest first, so the table's
 * physical order follows time as it does where runs are created as time goes by. States: about 75% COMPLETED, 10% FAILED,
 * 3% CRASHED, 4% CANCELLED, 5% SCHEDULED (named "Late", as Prefect's late-runs service renames them),
 * 2% RUNNING and 1% PENDING, the last two only in the last day (older ones are COMPLETED). Started runs
 * start up to 30 s late; finished runs last 1 s to 10 min, their {@code total_run_time} is that duration and
 * their state timestamp their end. The seed is kept: a later run reuses it while it is complete and its
 * newest run is less than an hour old.
 *
 * <p>Row triggers are off in the seeding session, so each batch adds its runs' contributions to the run counts
 * itself, summed per key (one delta row per minute and state instead of one per run), with the same function
 * the triggers use; the server's compaction folds them.
 */
final class HistorySeed {

    static final String FLOW_NAME = "bench-history";
    private static final int BATCH = 100_000;
    /** Connections inserting batches at once. */
    private static final int CONNECTIONS = 4;

    private static final String INSERT = """
            WITH src AS MATERIALIZED (
              SELECT i, gen_random_uuid() AS run_id, gen_random_uuid() AS state_id,
                     ?::timestamptz - (?::int - i + random()) / ?::int * interval '30 days' AS expected,
                     random() AS r, random() AS late, random() AS took
              FROM generate_series(?::int, ?::int) AS i
            ), typed AS MATERIALIZED (
              SELECT src.*, CASE
                  WHEN r < 0.75 THEN 'COMPLETED' WHEN r < 0.85 THEN 'FAILED' WHEN r < 0.88 THEN 'CRASHED'
                  WHEN r < 0.92 THEN 'CANCELLED' WHEN r < 0.97 THEN 'SCHEDULED'
                  WHEN expected < ?::timestamptz - interval '1 day' THEN 'COMPLETED'
                  WHEN r < 0.99 THEN 'RUNNING' ELSE 'PENDING' END AS type
              FROM src
            ), timed AS MATERIALIZED (
              SELECT typed.*,
                     CASE WHEN type IN ('SCHEDULED', 'PENDING') THEN NULL
                          ELSE expected + late * interval '30 seconds' END AS start_time,
                     CASE WHEN type IN ('COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED')
                          THEN expected + late * interval '30 seconds' + (1 + took * 599) * interval '1 second'
                     END AS end_time,
                     expected - interval '1 minute' AS created
              FROM typed
            ), seeded AS MATERIALIZED (
              SELECT timed.*, coalesce(end_time, start_time, created) AS state_ts,
                     CASE type WHEN 'COMPLETED' THEN 'Completed' WHEN 'FAILED' THEN 'Failed'
                          WHEN 'CRASHED' THEN 'Crashed' WHEN 'CANCELLED' THEN 'Cancelled'
                          WHEN 'SCHEDULED' THEN 'Late' WHEN 'RUNNING' THEN 'Running' ELSE 'Pending' END AS name
              FROM timed
            ), runs AS (
              INSERT INTO flow_run (id, created, updated, name, flow_id, flow_version, state_id, state_type,
                  state_name, state_timestamp, run_count, expected_start_time, next_scheduled_start_time,
                  start_time, end_time, total_run_time, parameters, context, empirical_policy, tags,
                  auto_scheduled)
              SELECT run_id, created, state_ts, 'bench-history-' || i, ?::uuid, 'bench', state_id,
                     type::state_type, name, state_ts, CASE WHEN start_time IS NULL THEN 0 ELSE 1 END, expected,
                     CASE WHEN type = 'SCHEDULED' THEN expected END, start_time, end_time,
                     coalesce(end_time - start_time, interval '0'), '{}', '{}',
                     '{"max_retries": 0, "retry_delay_seconds": 0.0, "retries": null, "retry_delay": null,
                       "pause_keys": [], "resuming": false}',
                     '["bench-history"]', false
              FROM seeded
              RETURNING *
            ), counted AS (
              -- the run counts of the batch, summed per key as the compaction would fold them (triggers are off)
              INSERT INTO flow_run_count_delta
              SELECT c.bucket, c.state_type, c.state_name, c.flow_id, c.deployment_id, c.work_queue_id, sum(c.runs),
                     sum(c.run_time_us), sum(c.running_since_us), sum(c.late_us), sum(c.unstarted),
                     sum(c.unstarted_expected_us)
              FROM runs r, flow_run_count_row(ROW(r.*)::flow_run, 1) c
              GROUP BY c.bucket, c.state_type, c.state_name, c.flow_id, c.deployment_id, c.work_queue_id
            )
            INSERT INTO flow_run_state (id, created, updated, type, timestamp, name, message, state_details, data,
                flow_run_id)
            SELECT state_id, state_ts, state_ts, type::state_type, state_ts, name,
                   CASE WHEN type = 'FAILED' THEN 'Flow run encountered an exception.' END,
                   jsonb_build_object('flow_run_id', run_id, 'task_run_id', NULL, 'child_flow_run_id', NULL,
                       'scheduled_time', CASE WHEN type = 'SCHEDULED' THEN expected END, 'cache_key', NULL,
                       'cache_expiration', NULL, 'untrackable_result', false, 'pause_timeout', NULL,
                       'pause_reschedule', false, 'pause_key', NULL, 'run_input_keyset', NULL,
                       'refresh_cache', NULL, 'retriable', NULL, 'transition_id', NULL, 'task_parameters_id', NULL),
                   NULL, run_id
            FROM seeded
            """;

    private HistorySeed() {
    }

    /** Makes sure the flow has {@code runs} fresh seeded runs; prints what it does. */
    static void ensure(String jdbcUrl, String user, String password, UUID flowId, int runs, boolean reseed)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET TIME ZONE 'UTC'");
            }
            long existing;
            Instant newest;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*), max(expected_start_time) FROM flow_run WHERE flow_id = ?")) {
                ps.setObject(1, flowId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    existing = rs.getLong(1);
                    Timestamp t = rs.getTimestamp(2);
                    newest = t == null ? null : t.toInstant();
                }
            }
            boolean fresh = newest != null && newest.isAfter(Instant.now().minusSeconds(3600));
            if (!reseed && existing == runs && fresh) {
                System.out.printf("  seed: %,d runs of flow %s already there (newest %s); reused%n", existing,
                        FLOW_NAME, newest);
                return;
            }
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                // Row triggers off for this session (run counts, and the foreign keys' cascades): each batch
                // writes its runs' counts itself, summed, and a delete removes the children and counts itself.
                s.execute("SET session_replication_role = replica");
            }
            if (existing > 0) {
                System.out.printf("  seed: deleting %,d older runs of flow %s%n", existing, FLOW_NAME);
                c.setAutoCommit(false);
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)");
                        PreparedStatement states = c.prepareStatement("DELETE FROM flow_run_state s USING flow_run r"
                                + " WHERE s.flow_run_id = r.id AND r.flow_id = ?");
                        PreparedStatement del = c.prepareStatement("DELETE FROM flow_run WHERE flow_id = ?");
                        PreparedStatement counts = c.prepareStatement("DELETE FROM flow_run_count WHERE flow_id = ?");
                        PreparedStatement blocks = c.prepareStatement(
                                "DELETE FROM flow_run_count_block WHERE flow_id = ?");
                        PreparedStatement deltas = c.prepareStatement(
                                "DELETE FROM flow_run_count_delta WHERE flow_id = ?")) {
                    // the compaction's lock: no fold of this flow's deltas runs meanwhile
                    lock.setLong(1, RunCountRepository.LOCK);
                    lock.execute();
                    for (PreparedStatement ps : List.of(states, del, counts, blocks, deltas)) {
                        ps.setObject(1, flowId);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                c.setAutoCommit(true);
            }
            Timestamp now = Timestamp.from(Instant.now());
            // Batches are independent: a few connections insert them at once, each taking the next oldest batch.
            AtomicInteger next = new AtomicInteger(1);
            AtomicInteger seeded = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            List<SQLException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int w = 0; w < CONNECTIONS; w++) {
                Thread worker = new Thread(() -> {
                    try (Connection wc = DriverManager.getConnection(jdbcUrl, user, password);
                            Statement ws = wc.createStatement()) {
                        ws.execute("SET TIME ZONE 'UTC'");
                        ws.execute("SET session_replication_role = replica");
                        for (int from = next.getAndAdd(BATCH); from <= runs && failures.isEmpty();
                                from = next.getAndAdd(BATCH)) {
                            int to = Math.min(runs, from + BATCH - 1);
                            try (PreparedStatement ps = wc.prepareStatement(INSERT)) {
                                ps.setTimestamp(1, now);
                                ps.setInt(2, runs);
                                ps.setInt(3, runs);
                                ps.setInt(4, from);
                                ps.setInt(5, to);
                                ps.setTimestamp(6, now);
                                ps.setObject(7, flowId);
                                ps.executeUpdate();
                            }
                            System.out.printf("  seed: %,d / %,d runs (%.0f s)%n",
                                    seeded.addAndGet(to - from + 1), runs, (System.nanoTime() - t0) / 1e9);
                        }
                    } catch (SQLException e) {
                        failures.add(e);
                    }
                }, "seed-" + w);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while seeding", e);
                }
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            try (Statement s = c.createStatement()) {
                // What autovacuum would do soon after a bulk insert: statistics, and the visibility map that
                // lets counts use index-only scans.
                s.execute("VACUUM ANALYZE flow_run");
                s.execute("VACUUM ANALYZE flow_run_state");
                s.execute("ANALYZE flow_run_count_delta");
            }
            System.out.printf("  seed: %,d runs of flow %s seeded in %.0f s%n", runs, FLOW_NAME,
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
