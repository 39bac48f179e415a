package dev.orchestra.persistence;

import dev.orchestra.persistence.query.RunCounts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Folds the pending deltas of the run counts (migrations V30, V50) into their compacted rows: per batch, one
 * transaction deletes up to {@code batch} delta rows, adds their sums to the minute rows, the ten-minute block rows
 * and the total rows of their keys (inserting the keys not seen before) and drops the rows left at zero. A
 * transaction-scoped advisory lock makes one compaction run at a time across every server on the database, so a
 * key never gets two rows.
 */
@ApplicationScoped
public class RunCountRepository {

    /** The advisory lock key of the compaction (an arbitrary constant: "orchestra run counts"). */
    public static final long LOCK = 0x6f72_6368_7275_6e63L;

    private static final String SUMS = "runs, run_time_us, running_since_us, late_us, unstarted, unstarted_expected_us";

    private final Pool pool;
    private final String flowRuns;
    private final String taskRuns;

    public RunCountRepository(Pool pool) {
        this.pool = pool;
        this.flowRuns = compaction("flow_run");
        this.taskRuns = compaction("task_run");
    }

    /** Compacts one batch of flow-run and one of task-run deltas; answers how many delta rows it folded. */
    public Uni<Integer> compact(int batch) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(LOCK))
                .chain(rows -> !rows.iterator().next().getBoolean(0) ? Uni.createFrom().item(0)
                        : fold(conn, flowRuns, "flow_run", batch)
                                .chain(f -> fold(conn, taskRuns, "task_run", batch).map(t -> f + t))));
    }

    /**
     * Vacuums the delta tables: every folded delta leaves a dead row that readers' scans of the (small) delta
     * tables would otherwise walk until autovacuum comes by (once a minute at best); a vacuum also hands the
     * emptied pages at the end back.
     */
    public Uni<Void> vacuumDeltas() {
        return pool.query("VACUUM flow_run_count_delta, task_run_count_delta").execute().replaceWithVoid();
    }

    private static Uni<Integer> fold(SqlClient conn, String sql, String table, int batch) {
        return conn.preparedQuery(sql).execute(Tuple.of(batch)).chain(rows -> {
            var row = rows.iterator().next();
            int folded = row.getInteger("folded");
            return dropZeros(conn, table + "_count", row.getArrayOfStrings("zero"))
                    .chain(() -> dropZeros(conn, table + "_count_block", row.getArrayOfStrings("zero_blocks")))
                    .replaceWith(folded);
        });
    }

    /** Deletes the rows an addition left at zero runs (their sums are zero too). */
    private static Uni<Void> dropZeros(SqlClient conn, String target, String[] ctids) {
        if (ctids == null || ctids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("DELETE FROM " + target + " WHERE ctid = ANY($1::text[]::tid[]) AND runs = 0")
                .execute(Tuple.of((Object) ctids)).replaceWithVoid();
    }

    private static String compaction(String table) {
        String keys = RunCounts.keys(table);
        StringBuilder sums = new StringBuilder();
        for (String sum : SUMS.split(", ")) {
            sums.append(sums.isEmpty() ? "" : ", ").append("sum(").append(sum).append(") AS ").append(sum);
        }
        // a minute's offsets moved to its ten-minute block: per RUNNING run and per unstarted run
        String blockSums = "sum(runs) AS runs, sum(run_time_us) AS run_time_us, sum(running_since_us + CASE WHEN"
                + " state_type = 'RUNNING' THEN runs * shift ELSE 0 END) AS running_since_us, sum(late_us) AS late_us,"
                + " sum(unstarted) AS unstarted, sum(unstarted_expected_us + unstarted * shift) AS"
                + " unstarted_expected_us";
        return "WITH d AS (DELETE FROM " + table + "_count_delta WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                + "_count_delta LIMIT $1)) RETURNING *),"
                + " g AS (SELECT bucket, " + keys + ", " + sums + " FROM d WHERE bucket IS NOT NULL"
                + " GROUP BY bucket, " + keys
                + " UNION ALL SELECT '-infinity'::timestamptz, " + keys + ", sum(runs), 0, 0, 0, 0, 0 FROM d"
                + " GROUP BY " + keys + "),"
                + " gb AS (SELECT block AS bucket, " + keys + ", " + blockSums + " FROM (SELECT d.*,"
                + " run_count_us(d.bucket - b.block) AS shift, b.block FROM d, LATERAL (SELECT date_bin('10 minutes',"
                + " d.bucket, timestamptz '1970-01-01 00:00:00+00') AS block) AS b WHERE d.bucket IS NOT NULL) AS d"
                + " GROUP BY block, " + keys + "),"
                + upsert(table + "_count", "g", "u", "i", keys) + ","
                + upsert(table + "_count_block", "gb", "ub", "ib", keys)
                + " SELECT (SELECT count(*) FROM d)::int AS folded,"
                + " (SELECT array_agg(ctid::text) FROM u WHERE runs = 0) AS zero,"
                + " (SELECT array_agg(ctid::text) FROM ub WHERE runs = 0) AS zero_blocks,"
                + " (SELECT count(*) FROM i) + (SELECT count(*) FROM ib) AS added";
    }

    /** CTEs {@code updated} and {@code inserted}: the sums of CTE {@code source} added to the rows of {@code target}. */
    private static String upsert(String target, String source, String updated, String inserted, String keys) {
        String match = "c.bucket = g.bucket";
        for (String key : keys.split(", ")) {
            match += " AND c." + key + (key.equals("state_type") ? " = g." : " IS NOT DISTINCT FROM g.") + key;
        }
        StringBuilder set = new StringBuilder();
        for (String sum : SUMS.split(", ")) {
            set.append(set.isEmpty() ? "" : ", ").append(sum).append(" = c.").append(sum).append(" + g.").append(sum);
        }
        return " " + updated + " AS (UPDATE " + target + " c SET " + set + " FROM " + source + " g WHERE " + match
                + " RETURNING c.ctid, c.runs, g.bucket, g." + keys.replace(", ", ", g.") + "),"
                + " " + inserted + " AS (INSERT INTO " + target + " (bucket, " + keys + ", " + SUMS + ") SELECT * FROM "
                + source + " g WHERE g.runs <> 0 AND NOT EXISTS (SELECT 1 FROM " + updated + " c WHERE " + match
                + ") RETURNING 1)";
    }
}
