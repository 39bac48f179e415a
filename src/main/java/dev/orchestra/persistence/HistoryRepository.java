package dev.orchestra.persistence;

import dev.orchestra.persistence.query.RunCounts;
import dev.orchestra.persistence.query.RunExpressions;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.HistoryResponse;
import dev.orchestra.schemas.HistoryResponse.HistoryState;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run history (the result of Prefect's {@code run_history}) in one SQL statement, on one of two paths that give
 * the same answer: <b>exact</b>, counting the filtered runs themselves, or <b>from counts</b>, reading the
 * per-minute pre-aggregated counts ({@code *_run_count} plus pending deltas, see migration V30) for every minute
 * that lies whole inside one interval, and the runs themselves only for the minutes an interval boundary cuts and
 * the current minute (whose lateness depends on the exact time). The caller chooses the path from the filters
 * ({@link RunCounts}).
 *
 * <p>Sums are taken in whole microseconds on both paths, so they are equal to the microsecond.
 */
@ApplicationScoped
public class HistoryRepository {

    /** Prefect's cap on the number of intervals. */
    static final int MAX_INTERVALS = 500;
    private static final long MINUTE_US = 60_000_000L;
    private static final long HOUR_US = 3_600_000_000L;
    /** The span of a block row of the run counts (migration V50). */
    private static final long BLOCK_US = 600_000_000L;
    /** Above this step (about 31 years) the intervals are built in SQL from the float seconds, exactly only. */
    private static final double MAX_PLANNED_STEP_SECONDS = 1e9;

    private final NativeQueries queries;
    private final Pool pool;

    public HistoryRepository(NativeQueries queries, Pool pool) {
        this.queries = queries;
        this.pool = pool;
    }

    /**
     * @param table {@code flow_run} or {@code task_run}
     * @param where the filter condition over that table's alias; with {@code fromCounts} it must be one
     *        {@link RunCounts} accepts
     */
    public Uni<List<HistoryResponse>> history(String table, Sql where, OffsetDateTime start, OffsetDateTime end,
            double intervalSeconds, boolean fromCounts) {
        return history(pool, table, where, start, end, intervalSeconds, fromCounts);
    }

    /** As {@link #history(String, Sql, OffsetDateTime, OffsetDateTime, double, boolean)} on the given client. */
    public Uni<List<HistoryResponse>> history(SqlClient client, String table, Sql where, OffsetDateTime start,
            OffsetDateTime end, double intervalSeconds, boolean fromCounts) {
        if (intervalSeconds > MAX_PLANNED_STEP_SECONDS) {
            return queries.list(client, hugeSteps(table, where, start, end, intervalSeconds), row -> row)
                    .map(HistoryRepository::responses);
        }
        Plan plan = Plan.of(start, end, intervalSeconds);
        if (plan.intervals == 0) {
            return Uni.createFrom().item(List.of());
        }
        Sql runs = fromCounts ? fromCounts(table, where, plan)
                : exact(table, where, plan, Sql.raw(Sql.identifier(table)));
        Sql sql = Sql.of("WITH p AS (SELECT make_interval(hours => ?::int, secs => ?::int)"
                + " + interval '1 microsecond' * ?::int AS step),"
                + " c AS (SELECT (extract(epoch FROM now()) * 1000000)::bigint AS now_us,"
                + " date_bin('1 minute', now(), timestamptz '1970-01-01 00:00:00+00') AS now_minute),"
                + " intervals AS (SELECT (n - 1)::int AS bucket, dt AS interval_start, dt + p.step AS interval_end"
                + " FROM p, generate_series(?::timestamptz, ?::timestamptz, p.step) WITH ORDINALITY AS g(dt, n)),"
                + " runs AS (", plan.stepHours(), plan.stepSeconds(), plan.stepMicrosPart(), start, plan.lastStart())
                .append(runs)
                .append(Sql.of("), counts AS (SELECT (r.off / ?::bigint)::int AS bucket, r.state_type, r.state_name,"
                        + " sum(r.n) AS count_runs, sum(r.rt) AS run_time, sum(r.late) AS lateness FROM runs r"
                        + " GROUP BY 1, 2, 3 HAVING sum(r.n) <> 0)"
                        + " SELECT i.interval_start, i.interval_end, c.state_type::text AS state_type, c.state_name,"
                        + " coalesce(c.count_runs, 0) AS count_runs, coalesce(c.run_time, 0) AS run_time,"
                        + " coalesce(c.lateness, 0) AS lateness"
                        + " FROM intervals i LEFT JOIN counts c ON c.bucket = i.bucket"
                        + " ORDER BY i.interval_start, c.state_type, c.state_name", plan.stepMicros()));
        return queries.list(client, sql, row -> row).map(HistoryRepository::responses);
    }

    /**
     * One row per run: its time, state, count 1, estimated run time and lateness in microseconds (each at least
     * 0, as Prefect sums them). {@code from} is the table, or a join that drives it.
     */
    private static Sql exact(String table, Sql where, Plan plan, Sql from) {
        String t = Sql.identifier(table);
        return Sql.of("SELECT (extract(epoch FROM " + t + ".expected_start_time - ?::timestamptz) * 1000000)::bigint"
                + " AS off, " + t + ".state_type, " + t + ".state_name, 1 AS n, " + runTime(table) + " AS rt, "
                + lateness(table) + " AS late FROM ", plan.start)
                .append(from)
                .append(Sql.of(" WHERE " + t + ".expected_start_time >= ?::timestamptz AND " + t
                        + ".expected_start_time < ?::timestamptz AND " + t + ".state_type IS NOT NULL AND ",
                        plan.start, plan.maxEnd()))
                .append(where);
    }

    /** A run's estimated run time in whole microseconds, at least 0. */
    private static String runTime(String alias) {
        return "greatest(0, (date_part('epoch', " + RunExpressions.estimatedRunTime(alias) + ") * 1000000)::bigint)";
    }

    /** A run's lateness in whole microseconds, at least 0. */
    private static String lateness(String alias) {
        return "greatest(0, (date_part('epoch', " + RunExpressions.estimatedStartTimeDelta(alias)
                + ") * 1000000)::bigint)";
    }

    /**
     * One row per count row (compacted ten-minute block, compacted minute or pending delta, see
     * {@link #countRows}) that counts whole for one interval, with the time-dependent parts of its sums evaluated
     * at now(); then, exactly, the runs the count rows get wrong.
     *
     * <p>A minute that one interval boundary cuts in two counts whole for the interval of its longer part, and
     * the runs of its shorter part (found by index) are moved: counted negatively for that interval and
     * positively for their own (or for none, outside the window). Only a quarter of such a minute's runs is read
     * on average, instead of all of them. The minutes two or more boundaries cut, and the current minute (whose
     * lateness depends on the exact time), are read whole, run by run.
     */
    private static Sql fromCounts(String table, Sql where, Plan plan) {
        String t = Sql.identifier(table);
        String columns = RunCounts.columns(table);
        Cuts cuts = plan.cuts();
        // A bucket is a whole minute: its epoch is an integer that date_part's float8 holds exactly, so the row's
        // offsets are bigint arithmetic (numeric per row cost more than reading the row).
        String bucketUs = "(date_part('epoch', " + t + ".bucket)::bigint * 1000000)";
        String sinceBucket = "(c.now_us - " + bucketUs + ")";
        Sql rows = countRows(t, columns, plan);
        Sql minutes = Sql.of("SELECT coalesce(moved.bucket::bigint * ?::bigint, " + bucketUs
                + " - ?::bigint) AS off, " + t + ".state_type, " + t + ".state_name, " + t + ".runs AS n, " + t
                + ".run_time_us + CASE WHEN " + t + ".state_type = 'RUNNING' THEN " + t + ".runs * " + sinceBucket
                + " - " + t + ".running_since_us ELSE 0 END AS rt, " + t + ".late_us + CASE WHEN " + t
                + ".bucket < c.now_minute THEN " + t + ".unstarted * " + sinceBucket + " - " + t
                + ".unstarted_expected_us ELSE 0 END AS late FROM c, (", plan.stepMicros(), plan.startMicros())
                .append(rows)
                .append(Sql.of(") AS " + t + " LEFT JOIN unnest(?::timestamptz[], ?::int[]) AS moved(minute, bucket)"
                        + " ON moved.minute = " + t + ".bucket WHERE " + t + ".bucket <> c.now_minute AND " + t
                        + ".bucket <> ALL(?::timestamptz[]) AND (moved.bucket IS NULL OR moved.bucket >= 0) AND ",
                        cuts.minutes(), cuts.rowBuckets(), cuts.wholeMinutes()))
                .append(where);
        // Minute by minute through the index: a plain join let the planner read every run of the range and test
        // each against every cut minute (800 ms at 10,000,000 runs, against 9 ms); OFFSET 0 keeps the lateral
        // subquery from being flattened back into that join.
        Sql whole = Sql.of("(SELECT u.m FROM unnest(?::timestamptz[]) AS u(m) UNION SELECT now_minute FROM c) AS cut"
                + " CROSS JOIN LATERAL (SELECT * FROM " + t + " AS minute_run"
                + " WHERE minute_run.expected_start_time >= cut.m"
                + " AND minute_run.expected_start_time < cut.m + interval '1 minute' OFFSET 0) AS " + t,
                (Object) cuts.wholeMinutes());
        Sql moved = movedParts(table, where, plan, cuts);
        return minutes.append(" UNION ALL ").append(exact(table, where, plan, whole)).append(" UNION ALL ")
                .append(moved);
    }

    /**
     * The compacted and pending count rows of the window: ten-minute blocks lying whole inside one interval as
     * their block rows, the other minutes as minute rows, range by range through the index. The block of the
     * current minute (whose runs are read one by one) is read minute by minute wherever it lies.
     */
    private static Sql countRows(String t, String columns, Plan plan) {
        Blocks blocks = plan.blocks();
        String nowBlock = "date_bin('10 minutes', now(), timestamptz '1970-01-01 00:00:00+00')";
        Sql rows = Sql.of("SELECT range_row.* FROM unnest(?::timestamptz[], ?::timestamptz[]) AS r(lo, hi)"
                + " CROSS JOIN LATERAL (SELECT " + columns + " FROM " + t + "_count WHERE bucket >= r.lo"
                + " AND bucket < r.hi OFFSET 0) AS range_row", blocks.minuteStarts(), blocks.minuteEnds());
        if (blocks.blockStarts().length > 0) {
            rows = rows.append(Sql.of(" UNION ALL SELECT " + columns + " FROM " + t + "_count WHERE bucket >= "
                    + nowBlock + " AND bucket < " + nowBlock + " + interval '10 minutes' AND EXISTS (SELECT 1 FROM"
                    + " unnest(?::timestamptz[], ?::timestamptz[]) AS r(lo, hi) WHERE " + nowBlock + " >= r.lo AND "
                    + nowBlock + " < r.hi) UNION ALL SELECT block_row.* FROM unnest(?::timestamptz[],"
                    + " ?::timestamptz[]) AS r(lo, hi) CROSS JOIN LATERAL (SELECT " + columns + " FROM " + t
                    + "_count_block WHERE bucket >= r.lo AND bucket < r.hi AND bucket <> " + nowBlock
                    + " OFFSET 0) AS block_row", blocks.blockStarts(), blocks.blockEnds(), blocks.blockStarts(),
                    blocks.blockEnds()));
        }
        rows = rows.append(Sql.of(" UNION ALL SELECT " + columns + " FROM " + t + "_count_delta WHERE bucket >="
                + " ?::timestamptz AND bucket < ?::timestamptz", plan.firstMinute(), plan.maxEnd()));
        return rows;
    }

    /**
     * The runs of the shorter parts of the minutes one boundary cuts: each counted positively for its own interval
     * (if any) and negatively for the interval its minute's row counts for (if any).
     */
    private static Sql movedParts(String table, Sql where, Plan plan, Cuts cuts) {
        String t = Sql.identifier(table);
        // each run's sums computed once, in the lateral read; its two signed rows only negate them (the run's
        // columns in the VALUES also keep the planner from scanning each part once per sign)
        return Sql.of("SELECT s.bucket::bigint * ?::bigint AS off, " + t + ".state_type, " + t
                + ".state_name, s.n, s.rt, s.late FROM c, unnest(?::timestamptz[], ?::timestamptz[],"
                + " ?::timestamptz[], ?::int[], ?::int[]) AS part(minute, part_start, part_end, own, row_bucket)"
                + " CROSS JOIN LATERAL (SELECT part_run.*, " + runTime("part_run") + " AS moved_rt, "
                + lateness("part_run") + " AS moved_late FROM " + t + " AS part_run"
                + " WHERE part_run.expected_start_time >= part.part_start"
                + " AND part_run.expected_start_time < part.part_end AND part_run.state_type IS NOT NULL"
                + " OFFSET 0) AS " + t + " CROSS JOIN LATERAL (VALUES (part.own, 1, " + t + ".moved_rt, " + t
                + ".moved_late), (part.row_bucket, -1, -" + t + ".moved_rt, -" + t + ".moved_late))"
                + " AS s(bucket, n, rt, late) WHERE part.minute <> c.now_minute AND s.bucket >= 0 AND ",
                plan.stepMicros(), cuts.minutes(), cuts.partStarts(), cuts.partEnds(), cuts.ownBuckets(),
                cuts.rowBuckets()).append(where);
    }

    /** Steps of more than {@link #MAX_PLANNED_STEP_SECONDS}: at most a few intervals, built in SQL. */
    private static Sql hugeSteps(String table, Sql where, OffsetDateTime start, OffsetDateTime end, double s) {
        String t = Sql.identifier(table);
        return Sql.of("WITH p AS (SELECT make_interval(hours => floor(?::float8 / 3600)::int,"
                + " secs => ?::float8 - floor(?::float8 / 3600) * 3600) AS step),"
                + " intervals AS (SELECT (n - 1)::int AS bucket, dt AS interval_start, dt + p.step AS interval_end"
                + " FROM p, generate_series(?::timestamptz, ?::timestamptz, p.step) WITH ORDINALITY AS g(dt, n)"
                + " WHERE dt < ?::timestamptz ORDER BY dt LIMIT " + MAX_INTERVALS + "),"
                + " counts AS (SELECT floor(extract(epoch FROM " + t + ".expected_start_time - ?::timestamptz)"
                + " / extract(epoch FROM (SELECT step FROM p)))::int AS bucket, " + t + ".state_type, " + t
                + ".state_name, count(*) AS count_runs, sum(" + runTime(table) + ") AS run_time, sum("
                + lateness(table) + ") AS lateness FROM " + t + " WHERE " + t
                + ".expected_start_time >= ?::timestamptz AND " + t
                + ".expected_start_time < (SELECT max(interval_end) FROM intervals) AND " + t
                + ".state_type IS NOT NULL AND ", s, s, s, start, end, end, start, start)
                .append(where)
                .append(" GROUP BY 1, 2, 3)"
                        + " SELECT i.interval_start, i.interval_end, c.state_type::text AS state_type, c.state_name,"
                        + " coalesce(c.count_runs, 0) AS count_runs, coalesce(c.run_time, 0) AS run_time,"
                        + " coalesce(c.lateness, 0) AS lateness"
                        + " FROM intervals i LEFT JOIN counts c ON c.bucket = i.bucket"
                        + " ORDER BY i.interval_start, c.state_type, c.state_name");
    }

    private static List<HistoryResponse> responses(List<Row> rows) {
        Map<OffsetDateTime, HistoryResponse> intervals = new LinkedHashMap<>();
        rows.forEach(row -> {
            OffsetDateTime intervalStart = row.getOffsetDateTime("interval_start");
            HistoryResponse interval = intervals.computeIfAbsent(intervalStart, s -> new HistoryResponse(s,
                    row.getOffsetDateTime("interval_end"), new ArrayList<>()));
            long count = row.getLong("count_runs");
            if (count > 0) {
                interval.states().add(new HistoryState(StateType.valueOf(row.getString("state_type")),
                        row.getString("state_name"), count, micros(row, "run_time"), micros(row, "lateness")));
            }
        });
        return List.copyOf(intervals.values());
    }

    private static Duration micros(Row row, String column) {
        return Duration.of(row.getNumeric(column).longValue(), ChronoUnit.MICROS);
    }

    /**
     * The intervals of a request, in whole microseconds: Prefect's step (a timedelta, rounded to the microsecond),
     * how many intervals there are (at most 500), and the minutes an interval boundary cuts.
     */
    record Plan(OffsetDateTime start, long startMicros, long stepMicros, int intervals) {

        static Plan of(OffsetDateTime start, OffsetDateTime end, double intervalSeconds) {
            long step = new BigDecimal(intervalSeconds).movePointRight(6).setScale(0, RoundingMode.HALF_EVEN)
                    .longValueExact();
            long from = micros(start);
            long to = micros(end);
            long n = to <= from ? 0 : Math.min(MAX_INTERVALS, (to - from - 1) / step + 1);
            return new Plan(start, from, step, (int) n);
        }

        int stepHours() {
            return (int) (stepMicros / HOUR_US);
        }

        int stepSeconds() {
            return (int) (stepMicros % HOUR_US / 1_000_000);
        }

        int stepMicrosPart() {
            return (int) (stepMicros % 1_000_000);
        }

        OffsetDateTime lastStart() {
            return at(startMicros + (intervals - 1) * stepMicros);
        }

        /**
         * The ten-minute blocks that lie whole inside one interval, as ranges (one per interval at most), and the
         * ranges of minutes between them, from the minute of the start to the end of the last interval.
         */
        Blocks blocks() {
            List<OffsetDateTime> blockStarts = new ArrayList<>();
            List<OffsetDateTime> blockEnds = new ArrayList<>();
            List<OffsetDateTime> minuteStarts = new ArrayList<>();
            List<OffsetDateTime> minuteEnds = new ArrayList<>();
            long from = floor(startMicros, MINUTE_US);
            for (int i = 0; stepMicros >= BLOCK_US && i < intervals; i++) {
                long first = floor(startMicros + i * stepMicros + BLOCK_US - 1, BLOCK_US);
                long last = floor(startMicros + (i + 1) * stepMicros, BLOCK_US);
                if (first < last) {
                    if (from < first) {
                        minuteStarts.add(at(from));
                        minuteEnds.add(at(first));
                    }
                    blockStarts.add(at(first));
                    blockEnds.add(at(last));
                    from = last;
                }
            }
            long to = startMicros + intervals * stepMicros;
            if (from < to) {
                minuteStarts.add(at(from));
                minuteEnds.add(at(to));
            }
            return new Blocks(blockStarts.toArray(OffsetDateTime[]::new), blockEnds.toArray(OffsetDateTime[]::new),
                    minuteStarts.toArray(OffsetDateTime[]::new), minuteEnds.toArray(OffsetDateTime[]::new));
        }

        /** The minute that holds the start: its row counts for the first interval when most of it lies there. */
        OffsetDateTime firstMinute() {
            return at(floor(startMicros, MINUTE_US));
        }

        OffsetDateTime maxEnd() {
            return at(startMicros + intervals * stepMicros);
        }

        /**
         * The minutes an interval boundary cuts (holds other than at their first microsecond): those cut once, with
         * the part read run by run, and those cut more than once, read whole.
         */
        Cuts cuts() {
            Map<Long, List<Integer>> boundaries = new LinkedHashMap<>();
            for (int i = 0; i <= intervals; i++) {
                long boundary = startMicros + i * stepMicros;
                if (Math.floorMod(boundary, MINUTE_US) != 0) {
                    boundaries.computeIfAbsent(floor(boundary, MINUTE_US), m -> new ArrayList<>()).add(i);
                }
            }
            List<OffsetDateTime> minutes = new ArrayList<>();
            List<OffsetDateTime> partStarts = new ArrayList<>();
            List<OffsetDateTime> partEnds = new ArrayList<>();
            List<Integer> ownBuckets = new ArrayList<>();
            List<Integer> rowBuckets = new ArrayList<>();
            List<OffsetDateTime> whole = new ArrayList<>();
            boundaries.forEach((minute, at) -> {
                if (at.size() > 1) {
                    whole.add(at(minute));
                    return;
                }
                int i = at.get(0);
                long boundary = startMicros + i * stepMicros;
                // the part before the boundary belongs to interval i - 1, the part after it to interval i (-1:
                // outside the window); the minute's row counts for the longer part's interval, unless that is -1
                // (then the row is not used and the shorter part's runs are only added)
                int before = i - 1;
                int after = i < intervals ? i : -1;
                boolean laterIsLonger = minute + MINUTE_US - boundary > boundary - minute;
                minutes.add(at(minute));
                partStarts.add(laterIsLonger ? at(minute) : at(boundary));
                partEnds.add(laterIsLonger ? at(boundary) : at(minute + MINUTE_US));
                ownBuckets.add(laterIsLonger ? before : after);
                rowBuckets.add(laterIsLonger ? after : before);
            });
            return new Cuts(minutes.toArray(OffsetDateTime[]::new), partStarts.toArray(OffsetDateTime[]::new),
                    partEnds.toArray(OffsetDateTime[]::new), ownBuckets.toArray(Integer[]::new),
                    rowBuckets.toArray(Integer[]::new), whole.toArray(OffsetDateTime[]::new));
        }

        /** {@code micros} rounded down to a whole {@code unit} since the epoch. */
        private static long floor(long micros, long unit) {
            return Math.floorDiv(micros, unit) * unit;
        }

        private static long micros(OffsetDateTime t) {
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1000);
        }

        private static OffsetDateTime at(long micros) {
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        }
    }

    /** Ranges of ten-minute block rows and of minute rows that together cover the intervals once. */
    record Blocks(OffsetDateTime[] blockStarts, OffsetDateTime[] blockEnds, OffsetDateTime[] minuteStarts,
            OffsetDateTime[] minuteEnds) {
    }

    /**
     * The minutes interval boundaries cut. For each minute cut once: the part read run by run ({@code partStarts}
     * to {@code partEnds}), the interval its runs belong to ({@code ownBuckets}) and the interval the minute's
     * row counts for ({@code rowBuckets}, whose count the part's runs are taken from); -1 for none. The minutes
     * cut more than once are read whole ({@code wholeMinutes}).
     */
    record Cuts(OffsetDateTime[] minutes, OffsetDateTime[] partStarts, OffsetDateTime[] partEnds,
            Integer[] ownBuckets, Integer[] rowBuckets, OffsetDateTime[] wholeMinutes) {
    }
}
