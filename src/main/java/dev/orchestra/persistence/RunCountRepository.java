package dev.orchestra.persistence;

import dev.orchestra.persistence.query.RunCounts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Folds the pending deltas of the run counts (migration V30) into their compacted rows: per batch, one
 * transaction deletes up to {@code batch} delta rows, adds their sums to the minute rows and the total rows of
 * their keys (inserting the keys not seen before) and drops the rows left at zero. A transaction-scoped advisory
 * lock makes one compaction run at a time across every server on the database, so a key never gets two rows.
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
            String[] zero = row.getArrayOfStrings("zero");
            if (zero == null || zero.length == 0) {
                return Uni.createFrom().item(folded);
            }
            return conn.preparedQuery("DELETE FROM " + table + "_count WHERE ctid = ANY($1::text[]::tid[])"
                    + " AND runs = 0").execute(Tuple.of((Object) zero)).replaceWith(folded);
        });
    }

    private static String compaction(String table) {
        String keys = RunCounts.keys(table);
        String match = "c.bucket = g.bucket";
        for (String key : keys.split(", ")) {
            match += " AND c." + key + (key.equals("state_type") ? " = g." : " IS NOT DISTINCT FROM g.") + key;
        }
        StringBuilder sums = new StringBuilder();
        for (String sum : SUMS.split(", ")) {
            sums.append(sums.isEmpty() ? "" : ", ").append("sum(").append(sum).append(") AS ").append(sum);
        }
        StringBuilder set = new StringBuilder();
        for (String sum : SUMS.split(", ")) {
            set.append(set.isEmpty() ? "" : ", ").append(sum).append(" = c.").append(sum).append(" + g.").append(sum);
        }
        return "WITH d AS (DELETE FROM " + table + "_count_delta WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
                + "_count_delta LIMIT $1)) RETURNING *),"
                + " g AS (SELECT bucket, " + keys + ", " + sums + " FROM d WHERE bucket IS NOT NULL"
                + " GROUP BY bucket, " + keys
                + " UNION ALL SELECT '-infinity'::timestamptz, " + keys + ", sum(runs), 0, 0, 0, 0, 0 FROM d"
                + " GROUP BY " + keys + "),"
                + " u AS (UPDATE " + table + "_count c SET " + set + " FROM g WHERE " + match
                + " RETURNING c.ctid, c.runs, g.bucket, g." + keys.replace(", ", ", g.") + "),"
                + " i AS (INSERT INTO " + table + "_count (bucket, " + keys + ", " + SUMS + ") SELECT * FROM g"
                + " WHERE g.runs <> 0 AND NOT EXISTS (SELECT 1 FROM u c WHERE " + match + ") RETURNING 1)"
                + " SELECT (SELECT count(*) FROM d)::int AS folded,"
                + " (SELECT array_agg(ctid::text) FROM u WHERE runs = 0) AS zero, (SELECT count(*) FROM i) AS added";
    }
}
