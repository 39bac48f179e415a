package dev.orchestra.service;

import dev.orchestra.errors.InvalidInput;
import dev.orchestra.persistence.HistoryRepository;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowRunQuery;
import dev.orchestra.persistence.query.RunCounts;
import dev.orchestra.persistence.query.TaskRunQuery;
import dev.orchestra.schemas.HistoryResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The {@code /flow_runs/history} and {@code /task_runs/history} routes: from the pre-aggregated run counts when
 * they can answer the filters, from the runs otherwise (same answer).
 */
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
        return history.history(FlowRunQuery.ALIAS, FlowRunQuery.where(filters), start, end, intervalSeconds,
                RunCounts.answersFlowRuns(filters));
    }

    public Uni<List<HistoryResponse>> taskRuns(OffsetDateTime start, OffsetDateTime end, double intervalSeconds,
            EntityFilters filters) {
        check(intervalSeconds);
        return history.history(TaskRunQuery.ALIAS, TaskRunQuery.where(filters), start, end, intervalSeconds,
                RunCounts.answersTaskRuns(filters));
    }

    private static void check(double intervalSeconds) {
        if (intervalSeconds < 1) {
            throw new InvalidInput("History interval must not be less than 1 second.");
        }
    }
}
