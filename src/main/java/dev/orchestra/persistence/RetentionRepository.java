package dev.orchestra.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/**
 * Deletes old runs for the retention service, one bounded batch per transaction: the oldest top-level flow runs
 * in a final state that ended before the cutoff (as Prefect 3's database vacuum chooses them), with their logs;
 * the foreign keys' cascades take their states, task runs (and their states) and inputs, and the run-count
 * triggers take their counts away in the same transaction. Rows another transaction holds are skipped, and a
 * lock wait longer than a second fails the batch rather than holding up the API.
 */
@ApplicationScoped
public class RetentionRepository {

    private static final String DELETE_BATCH = "WITH doomed AS (SELECT id FROM flow_run"
            + " WHERE parent_task_run_id IS NULL AND end_time < $1"
            + " AND state_type IN ('COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED')"
            + " ORDER BY end_time LIMIT $2 FOR UPDATE SKIP LOCKED),"
            + " logs AS (DELETE FROM log WHERE flow_run_id IN (SELECT id FROM doomed))"
            + " DELETE FROM flow_run WHERE id IN (SELECT id FROM doomed)";

    private final Pool pool;

    public RetentionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Deletes up to {@code batch} flow runs that ended before {@code cutoff}; answers how many. */
    public Uni<Integer> deleteBatch(OffsetDateTime cutoff, int batch) {
        return pool.withTransaction(conn -> conn.query("SET LOCAL lock_timeout = '1s'").execute()
                .chain(() -> conn.preparedQuery(DELETE_BATCH).execute(Tuple.of(cutoff, batch)))
                .map(rows -> rows.rowCount()));
    }
}
