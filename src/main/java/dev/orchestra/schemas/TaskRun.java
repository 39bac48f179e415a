package dev.orchestra.schemas;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A task run as the API returns it ({@code core.TaskRun}), fields in Prefect's order. */
public record TaskRun(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        UUID flowRunId,
        String taskKey,
        String dynamicKey,
        String cacheKey,
        OffsetDateTime cacheExpiration,
        String taskVersion,
        TaskRunPolicy empiricalPolicy,
        List<String> tags,
        UUID stateId,
        Map<String, List<TaskRunInput>> taskInputs,
        StateType stateType,
        String stateName,
        int runCount,
        int flowRunRunCount,
        OffsetDateTime expectedStartTime,
        OffsetDateTime nextScheduledStartTime,
        OffsetDateTime startTime,
        OffsetDateTime endTime,
        Duration totalRunTime,
        Duration estimatedRunTime,
        Duration estimatedStartTimeDelta,
        State state) {
}
