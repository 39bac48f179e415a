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
 * Run history in one SQL statement: up to 500 intervals from a series, the filtered runs joined in by expected
 * start time, grouped by interval, state type and state name (as Prefect's {@code run_history}).
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
     */
    public Uni<List<HistoryResponse>> history(String table, Sql where, OffsetDateTime start, OffsetDateTime end,
            double intervalSeconds) {
        String estimatedRunTime = dev.orchestra.persistence.query.RunExpressions.estimatedRunTime(table);
        String lateness = dev.orchestra.persistence.query.RunExpressions.estimatedStartTimeDelta(table);
        // whole hours and the rest: make_interval(secs => ...) alone overflows silently past about 9e12 seconds
        Sql sql = Sql.of("WITH p AS (SELECT make_interval(hours => floor(s / 3600)::int,"
                + " secs => s - floor(s / 3600) * 3600) AS step FROM (SELECT ?::float8 AS s) AS seconds),"
                + " intervals AS (SELECT dt AS interval_start, dt + p.step AS interval_end"
                + " FROM p, generate_series(?::timestamptz, ?::timestamptz, p.step) AS dt"
                + " WHERE dt < ?::timestamptz ORDER BY dt LIMIT 500),"
                + " runs AS (SELECT " + table + ".id, " + table + ".expected_start_time, " + estimatedRunTime
                + " AS estimated_run_time, " + lateness + " AS estimated_start_time_delta, " + table
                + ".state_type, " + table + ".state_name FROM " + table + " WHERE ",
                intervalSeconds, start, end, end)
                .append(where)
                .append(")"
                        + " SELECT i.interval_start, i.interval_end, runs.state_type::text AS state_type,"
                        + " runs.state_name, count(runs.id) AS count_runs,"
                        + " coalesce(sum(greatest(0, extract(epoch from runs.estimated_run_time))), 0)::float8 AS run_time,"
                        + " coalesce(sum(greatest(0, extract(epoch from runs.estimated_start_time_delta))), 0)::float8"
                        + " AS lateness"
                        + " FROM intervals i LEFT JOIN runs ON runs.expected_start_time >= i.interval_start"
                        + " AND runs.expected_start_time < i.interval_end"
                        + " GROUP BY i.interval_start, i.interval_end, runs.state_type, runs.state_name"
                        + " ORDER BY i.interval_start, runs.state_type, runs.state_name");
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
