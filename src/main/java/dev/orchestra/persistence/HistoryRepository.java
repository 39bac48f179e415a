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

    /**
     * The start of the statements worth preparing once per connection (see the pool): history from the counts,
     * whose text depends only on the filters' shape and whose plan on nothing else.
     */
    public static final String PLAN_CACHED = "/* history from run counts */ ";
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
        // under a minute every count row spans an interval boundary: the runs themselves are read
        boolean counted = fromCounts && plan.stepMicros >= MINUTE_US;
        Sql runs = counted ? fromCounts(table, where, plan)
                : exact(table, where, plan, Sql.raw(Sql.identifier(table)));
        Sql sql = Sql.of((counted ? PLAN_CACHED : "")
                + "WITH p AS (SELECT make_interval(hours => ?::int, secs => ?::int)"
                + " + interval '1 microsecond' * ?::int AS step),"
                + " c AS (SELECT (extract(epoch FROM now()) * 1000000)::bigint AS now_us,"
                + " date_bin('1 minute', now(), timestamptz '1970-01-01 00:00:00+00') AS now_minute,"
                + " date_bin('10 minutes', now(), timestamptz '1970-01-01 00:00:00+00') AS now_block),"
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
     * The answer from the count rows, as terms that add up to the exact answer (for steps of a minute or more).
     *
     * <p>Each interval boundary is rounded to the nearest unit (ten-minute block for steps of ten minutes or more,
     * minute otherwise), and every count row of the units between the first and the last rounded boundary counts
     * whole for the interval its unit's midpoint lies in: one index range of block rows for a day by hour. Then, per
     * boundary, what lies between the boundary and its rounded value moves to the interval it belongs to: the whole
     * minutes between the rounded value and the nearest minute as minute rows, the at most 30 s between that minute
     * and the boundary run by run (found by index), each part counted positively for one interval and negatively for
     * the other (or for none, outside the window).
     *
     * <p>The count rows of the current minute are wrong for lateness (their unstarted runs may lie ahead of now), so
     * every term leaves the current minute out (its block is read minute by minute) and its runs are read exactly.
     */
    private static Sql fromCounts(String table, Sql where, Plan plan) {
        String t = Sql.identifier(table);
        String columns = RunCounts.columns(table);
        Moves moves = plan.moves();
        Sql units = units(table, columns, where, plan);
        Sql minutes = movedMinutes(table, columns, where, plan, moves.minutes());
        Sql runs = movedRuns(table, where, plan, moves.runs());
        Sql current = exact(table, where, plan, Sql.raw("c CROSS JOIN LATERAL (SELECT * FROM " + t + " AS minute_run"
                + " WHERE minute_run.expected_start_time >= c.now_minute"
                + " AND minute_run.expected_start_time < c.now_minute + interval '1 minute' OFFSET 0) AS " + t));
        return units.append(" UNION ALL ").append(minutes).append(" UNION ALL ").append(runs).append(" UNION ALL ")
                .append(current);
    }

    /**
     * The count rows of every unit from the first rounded boundary to the last, each for the interval of its unit's
     * midpoint: ten-minute block rows (the current block as its minute rows) or minute rows, and the pending deltas.
     */
    private static Sql units(String table, String columns, Sql where, Plan plan) {
        String t = Sql.identifier(table);
        long unit = plan.unit();
        OffsetDateTime first = Plan.at(plan.rounded(plan.startMicros));
        OffsetDateTime last = Plan.at(plan.rounded(plan.startMicros + plan.intervals * plan.stepMicros));
        Sql rows;
        if (unit == BLOCK_US) {
            rows = Sql.of("SELECT " + columns + " FROM " + t + "_count_block WHERE bucket >= ?::timestamptz"
                    + " AND bucket < ?::timestamptz AND bucket <> (SELECT now_block FROM c) UNION ALL SELECT " + columns
                    + " FROM " + t + "_count WHERE bucket >= (SELECT now_block FROM c)"
                    + " AND bucket < (SELECT now_block FROM c) + interval '10 minutes'"
                    + " AND (SELECT now_block FROM c) >= ?::timestamptz AND (SELECT now_block FROM c) < ?::timestamptz",
                    first, last, first, last);
        } else {
            rows = Sql.of("SELECT " + columns + " FROM " + t + "_count WHERE bucket >= ?::timestamptz"
                    + " AND bucket < ?::timestamptz", first, last);
        }
        rows = rows.append(Sql.of(" UNION ALL SELECT " + columns + " FROM " + t + "_count_delta"
                + " WHERE bucket >= ?::timestamptz AND bucket < ?::timestamptz", first, last));
        // the unit's start less the first rounded boundary, whole units, plus the first rounded boundary's offset
        // from the start and half a unit: the offset of the unit's midpoint
        return Sql.of("SELECT (" + bucketMicros(t) + " - ?::bigint) / ?::bigint * ?::bigint + ?::bigint AS off, " + t
                + ".state_type, " + t + ".state_name, " + t + ".runs AS n, " + rowRunTime(t) + " AS rt, "
                + rowLateness(t) + " AS late FROM c, (", Plan.micros(first), unit, unit,
                Plan.micros(first) - plan.startMicros + unit / 2)
                .append(rows)
                .append(") AS " + t + " WHERE " + t + ".bucket <> c.now_minute AND ")
                .append(where);
    }

    /**
     * The minute rows (and pending deltas) of the moved whole minutes, summed per part and key, each sum counted
     * positively for one interval and negatively for the other.
     */
    private static Sql movedMinutes(String table, String columns, Sql where, Plan plan, Moves.Part minutes) {
        String t = Sql.identifier(table);
        Sql parts = minutes.unnest();
        // the minute rows by index, part by part; the pending deltas (a small table without index) in one pass
        Sql rows = Sql.raw("SELECT part.plus, part.minus, minute_row.* FROM ").append(parts)
                .append(" CROSS JOIN LATERAL (SELECT " + columns + " FROM " + t + "_count WHERE bucket >= part.lo"
                        + " AND bucket < part.hi OFFSET 0) AS minute_row UNION ALL SELECT part.plus, part.minus, "
                        + columns.replaceAll("(\\w+)", "delta_row.$1") + " FROM ")
                .append(parts)
                .append(" JOIN " + t + "_count_delta AS delta_row ON delta_row.bucket >= part.lo"
                        + " AND delta_row.bucket < part.hi");
        Sql summed = Sql.raw("SELECT " + t + ".plus, " + t + ".minus, " + t + ".state_type, " + t + ".state_name, sum("
                + t + ".runs) AS n, sum(" + rowRunTime(t) + ") AS rt, sum(" + rowLateness(t) + ") AS late FROM c, (")
                .append(rows)
                .append(") AS " + t + " WHERE " + t + ".bucket <> c.now_minute AND ")
                .append(where)
                .append(" GROUP BY 1, 2, 3, 4");
        return signed(plan, summed);
    }

    /**
     * The runs of the moved parts of minutes (outside the current minute, read exactly), summed per part, state
     * type and name, each sum counted positively for one interval and negatively for the other.
     */
    private static Sql movedRuns(String table, Sql where, Plan plan, Moves.Part runs) {
        String t = Sql.identifier(table);
        Sql summed = Sql.raw("SELECT part.plus, part.minus, " + t + ".state_type, " + t + ".state_name, count(*) AS n,"
                + " sum(" + t + ".moved_rt) AS rt, sum(" + t + ".moved_late) AS late FROM c, ")
                .append(runs.unnest())
                .append(" CROSS JOIN LATERAL (SELECT part_run.*, " + runTime("part_run") + " AS moved_rt, "
                        + lateness("part_run") + " AS moved_late FROM " + t + " AS part_run"
                        + " WHERE part_run.expected_start_time >= part.lo AND part_run.expected_start_time < part.hi"
                        + " AND part_run.state_type IS NOT NULL AND NOT (part_run.expected_start_time >= c.now_minute"
                        + " AND part_run.expected_start_time < c.now_minute + interval '1 minute') OFFSET 0) AS " + t
                        + " WHERE ")
                .append(where)
                .append(" GROUP BY 1, 2, 3, 4");
        return signed(plan, summed);
    }

    /** Sums per moved part ({@code plus}, {@code minus}, state, n, rt, late) as the two signed rows of each. */
    private static Sql signed(Plan plan, Sql summed) {
        return Sql.of("SELECT s.bucket::bigint * ?::bigint AS off, m.state_type, m.state_name, s.n, s.rt, s.late"
                + " FROM (", plan.stepMicros())
                .append(summed)
                .append(") AS m CROSS JOIN LATERAL (VALUES (m.plus, m.n, m.rt, m.late), (m.minus, -m.n, -m.rt,"
                        + " -m.late)) AS s(bucket, n, rt, late) WHERE s.bucket >= 0");
    }

    /**
     * A count row's bucket in microseconds since the epoch. A bucket is a whole minute: its epoch is an integer
     * that date_part's float8 holds exactly, so the row's offsets are bigint arithmetic (numeric per row cost more
     * than reading the row).
     */
    private static String bucketMicros(String t) {
        return "(date_part('epoch', " + t + ".bucket)::bigint * 1000000)";
    }

    /** The estimated run time of a count row's runs at now() (c.now_us), in microseconds. */
    private static String rowRunTime(String t) {
        return t + ".run_time_us + CASE WHEN " + t + ".state_type = 'RUNNING' THEN " + t + ".runs * (c.now_us - "
                + bucketMicros(t) + ") - " + t + ".running_since_us ELSE 0 END";
    }

    /**
     * The lateness of a count row's runs at now(): the unstarted runs of a row before the current minute are late
     * by now() less their expected start; those of later rows are not late yet.
     */
    private static String rowLateness(String t) {
        return t + ".late_us + CASE WHEN " + t + ".bucket < c.now_minute THEN " + t + ".unstarted * (c.now_us - "
                + bucketMicros(t) + ") - " + t + ".unstarted_expected_us ELSE 0 END";
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

        OffsetDateTime maxEnd() {
            return at(startMicros + intervals * stepMicros);
        }

        /** The unit whose count rows count whole: the ten-minute block for steps of ten minutes or more. */
        long unit() {
            return stepMicros >= BLOCK_US ? BLOCK_US : MINUTE_US;
        }

        /**
         * A time rounded to the nearest {@link #unit} (halves down): a unit from there on has its midpoint at or
         * after the time, so the units between two rounded boundaries are those whose midpoints lie between them.
         */
        long rounded(long micros) {
            return nearest(micros, unit());
        }

        /**
         * Per interval boundary {@code i}: what lies between the boundary and its {@link #rounded} value, which the
         * units count for the wrong interval. The whole minutes between the rounded value and the minute nearest
         * the boundary, then the runs between that minute and the boundary: each part counted positively for the
         * interval that holds it and negatively for the one the coarser rows counted it for; intervals -1 and
         * {@code intervals} are none.
         */
        Moves moves() {
            Moves.Builder minutes = new Moves.Builder();
            Moves.Builder runs = new Moves.Builder();
            for (int i = 0; i <= intervals; i++) {
                long boundary = startMicros + i * stepMicros;
                int after = i < intervals ? i : -1;
                int before = i - 1;
                long unitRounded = rounded(boundary);
                long minuteRounded = nearest(boundary, MINUTE_US);
                // [x, y) with x < y: interval 'after' holds it, 'before' was given it; the other way round if y < x
                minutes.add(minuteRounded, unitRounded, after, before);
                runs.add(boundary, minuteRounded, after, before);
            }
            return new Moves(minutes.build(), runs.build());
        }

        /** {@code micros} to the nearest whole {@code unit} since the epoch, halves down. */
        private static long nearest(long micros, long unit) {
            return -Math.floorDiv(-(micros - unit / 2), unit) * unit;
        }

        private static long micros(OffsetDateTime t) {
            return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1000);
        }

        private static OffsetDateTime at(long micros) {
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        }
    }

    /** The parts of the window moved between intervals: whole minutes, and runs. */
    record Moves(Part minutes, Part runs) {

        /**
         * Time ranges from {@code lo} to {@code hi}, each counted positively for the interval {@code plus} and
         * negatively for {@code minus} (-1: none).
         */
        record Part(OffsetDateTime[] lo, OffsetDateTime[] hi, Integer[] plus, Integer[] minus) {

            /** The parts as the SQL row source {@code part(lo, hi, plus, minus)}. */
            Sql unnest() {
                return Sql.of("unnest(?::timestamptz[], ?::timestamptz[], ?::int[], ?::int[])"
                        + " AS part(lo, hi, plus, minus)", lo, hi, plus, minus);
            }
        }

        static final class Builder {
            private final List<OffsetDateTime> lo = new ArrayList<>();
            private final List<OffsetDateTime> hi = new ArrayList<>();
            private final List<Integer> plus = new ArrayList<>();
            private final List<Integer> minus = new ArrayList<>();

            /**
             * The range between {@code from} and {@code to}: counted for {@code holder} and taken from {@code giver}
             * if {@code from < to}, the other way round if {@code to < from}, nothing if they are equal or both
             * intervals are none.
             */
            void add(long from, long to, int holder, int giver) {
                if (from == to || holder < 0 && giver < 0) {
                    return;
                }
                lo.add(Plan.at(Math.min(from, to)));
                hi.add(Plan.at(Math.max(from, to)));
                plus.add(from < to ? holder : giver);
                minus.add(from < to ? giver : holder);
            }

            Part build() {
                return new Part(lo.toArray(OffsetDateTime[]::new), hi.toArray(OffsetDateTime[]::new),
                        plus.toArray(Integer[]::new), minus.toArray(Integer[]::new));
            }
        }
    }
}
