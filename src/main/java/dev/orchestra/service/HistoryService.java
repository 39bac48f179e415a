package dev.orchestra.service;

import dev.orchestra.errors.InvalidInput;
import dev.orchestra.persistence.HistoryRepository;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowRunQuery;
import dev.orchestra.persistence.query.TaskRunQuery;
import dev.orchestra.schemas.HistoryResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** The {@code /flow_runs/history} and {@code /task_runs/history} routes. */
@ApplicationScoped
public class HistoryService {

    /** Prefect's page of history: the first 500 intervals of the range. */
    public static final int MAX_INTERVALS = 500;

    private final HistoryRepository history;

    public HistoryService(HistoryRepository history) {
        this.history = history;
    }

    public Uni<List<HistoryResponse>> flowRuns(OffsetDateTime start, OffsetDateTime end, double intervalSeconds,
            EntityFilters filters) {
        check(intervalSeconds);
        return history.history("flow_run", FlowRunQuery.where(filters), start, seriesEnd(start, end, intervalSeconds),
                end, intervalSeconds);
    }

    public Uni<List<HistoryResponse>> taskRuns(OffsetDateTime start, OffsetDateTime end, double intervalSeconds,
            EntityFilters filters) {
        check(intervalSeconds);
        return history.history("task_run", TaskRunQuery.where(filters), start, seriesEnd(start, end, intervalSeconds),
                end, intervalSeconds);
    }

    /**
     * Where the series of intervals stops: at {@code end}, or at the start of interval number
     * {@link #MAX_INTERVALS} when the range holds more. Prefect answers the first 500 intervals too, but builds
     * and sorts the whole series first (a year by the second never finishes); stopping the series here keeps the
     * statement to at most 500 intervals whatever the range.
     */
    static OffsetDateTime seriesEnd(OffsetDateTime start, OffsetDateTime end, double intervalSeconds) {
        Duration between = Duration.between(start, end);
        double span = between.getSeconds() + between.getNano() / 1e9;
        if (!(span / intervalSeconds > MAX_INTERVALS)) {
            return end;
        }
        double seconds = intervalSeconds * MAX_INTERVALS;
        long whole = (long) Math.floor(seconds);
        return start.plusSeconds(whole).plusNanos(Math.round((seconds - whole) * 1e9));
    }

    private static void check(double intervalSeconds) {
        if (intervalSeconds < 1) {
            throw new InvalidInput("History interval must not be less than 1 second.");
        }
    }
}
