package dev.orchestra.service;

import dev.orchestra.errors.InvalidInput;
import dev.orchestra.persistence.HistoryRepository;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowRunQuery;
import dev.orchestra.persistence.query.TaskRunQuery;
import dev.orchestra.schemas.HistoryResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** The {@code /flow_runs/history} and {@code /task_runs/history} routes. */
@ApplicationScoped
public class HistoryService {

    private final HistoryRepository history;

    public HistoryService(HistoryRepository history) {
        this.history = history;
    }

    public Uni<List<HistoryResponse>> flowRuns(OffsetDateTime start, OffsetDateTime end, double intervalSeconds,
            EntityFilters filters) {
        check(intervalSeconds);
        return history.history("flow_run", FlowRunQuery.where(filters), start, end, intervalSeconds);
    }

    public Uni<List<HistoryResponse>> taskRuns(OffsetDateTime start, OffsetDateTime end, double intervalSeconds,
            EntityFilters filters) {
        check(intervalSeconds);
        return history.history("task_run", TaskRunQuery.where(filters), start, end, intervalSeconds);
    }

    private static void check(double intervalSeconds) {
        if (intervalSeconds < 1) {
            throw new InvalidInput("History interval must not be less than 1 second.");
        }
    }
}
