package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The body of {@code POST /task_runs/} ({@code actions.TaskRunCreate}); extra fields are rejected. */
public record TaskRunCreate(
        StateCreate state,
        String name,
        UUID flowRunId,
        @JsonProperty(required = true) String taskKey,
        @JsonProperty(required = true) String dynamicKey,
        String cacheKey,
        OffsetDateTime cacheExpiration,
        String taskVersion,
        TaskRunPolicy empiricalPolicy,
        List<String> tags,
        Map<String, List<TaskRunInput>> taskInputs) {
}
