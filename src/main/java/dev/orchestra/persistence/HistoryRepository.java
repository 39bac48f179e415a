package dev.orchestra.persistence;

import dev.orchestra.config.Timestamps;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.HistoryResponse;
import dev.orchestra.schemas.HistoryResponse.HistoryState;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run history in one SQL statement: up to 500 intervals from a series, the filtered runs counted by interval,
 * state type and state name (the result of Prefect's {@code run_history}).
 */
@ApplicationScoped
public class HistoryRepository {

    private final NativeQueries queries;

    public HistoryRepository(NativeQueries queries) {
        this.queries = queries;
    }

    /**
     * @param table {@code flow_run} or {@code task_run}
     * @param where the filter condition over that table's alias
     * @param seriesEnd where the series of intervals stops, at most 500 intervals after {@code start}
     */
    public Uni<List<HistoryResponse>> history(String table, Sql where, OffsetDateTime start,
            OffsetDateTime seriesEnd, OffsetDateTime end, double intervalSeconds) {
        String estimatedRunTime = dev.orchestra.persistence.query.RunExpressions.estimatedRunTime(table);
        String lateness = dev.orchestra.persistence.query.RunExpressions.estimatedStartTimeDelta(table);
        // Each run falls in the interval numbered floor((expected_start_time - start) / interval): the runs are
        // counted per interval number and state, then joined to the intervals on that number, and only runs
        // inside the intervals' span are read (an index range on expected_start_time), rather than testing
        // every run against every interval. extract() gives numeric epochs, so the interval number is exact; the
        // sums use date_part()'s float8, several times cheaper per row. The step is whole hours and the rest:
        // make_interval(secs => ...) alone overflows silently past about 9e12 seconds.
        Sql sql = Sql.of("WITH p AS (SELECT make_interval(hours => floor(s / 3600)::int,"
                + " secs => s - floor(s / 3600) * 3600) AS step FROM (SELECT ?::float8 AS s) AS seconds),"
                + " intervals AS (SELECT (n - 1)::int AS bucket, dt AS interval_start, dt + p.step AS interval_end"
                + " FROM p, generate_series(?::timestamptz, ?::timestamptz, p.step) WITH ORDINALITY AS g(dt, n)"
                + " WHERE dt < ?::timestamptz ORDER BY dt LIMIT 500),"
                + " runs AS (SELECT floor(extract(epoch from " + table + ".expected_start_time - ?::timestamptz)"
                + " / extract(epoch from (SELECT step FROM p)))::int AS bucket, " + table
                + ".state_type, " + table + ".state_name, " + estimatedRunTime + " AS estimated_run_time, "
                + lateness + " AS estimated_start_time_delta FROM " + table + " WHERE " + table
                + ".expected_start_time >= ?::timestamptz AND " + table
                + ".expected_start_time < (SELECT max(interval_end) FROM intervals) AND ",
                intervalSeconds, start, seriesEnd, end, start, start)
                .append(where)
                .append("),"
                        + " counts AS (SELECT bucket, state_type, state_name, count(*) AS count_runs,"
                        + " coalesce(sum(greatest(0, date_part('epoch', estimated_run_time))), 0) AS run_time,"
                        + " coalesce(sum(greatest(0, date_part('epoch', estimated_start_time_delta))), 0)"
                        + " AS lateness FROM runs GROUP BY bucket, state_type, state_name)"
                        + " SELECT i.interval_start, i.interval_end, c.state_type::text AS state_type, c.state_name,"
                        + " coalesce(c.count_runs, 0) AS count_runs, coalesce(c.run_time, 0) AS run_time,"
                        + " coalesce(c.lateness, 0) AS lateness"
                        + " FROM intervals i LEFT JOIN counts c ON c.bucket = i.bucket"
                        + " ORDER BY i.interval_start, c.state_type, c.state_name");
        return queries.list(sql, row -> row).map(rows -> {
            Map<OffsetDateTime, HistoryResponse> intervals = new LinkedHashMap<>();
            rows.forEach(row -> {
                OffsetDateTime intervalStart = row.getOffsetDateTime("interval_start");
                HistoryResponse interval = intervals.computeIfAbsent(intervalStart, s -> new HistoryResponse(s,
                        row.getOffsetDateTime("interval_end"), new ArrayList<>()));
                long count = row.getLong("count_runs");
                if (count > 0) {
                    interval.states().add(new HistoryState(StateType.valueOf(row.getString("state_type")),
                            row.getString("state_name"), count, Timestamps.duration(row.getDouble("run_time")),
                            Timestamps.duration(row.getDouble("lateness"))));
                }
            });
            return List.copyOf(intervals.values());
        });
    }
}
