package dev.orchestra.schemas;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One task run of a flow run's dependency graph ({@code GET /flow_runs/{id}/graph}). */
public record DependencyResult(UUID id, String name, List<TaskRunInput.TaskRunResult> upstreamDependencies,
        State state, OffsetDateTime expectedStartTime, OffsetDateTime startTime, OffsetDateTime endTime,
        Duration totalRunTime, Duration estimatedRunTime, boolean untrackableResult) {
}
