package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code POST /task_runs/} ({@code actions.TaskRunCreate}); extra fields are rejected. */
public record TaskRunCreate(
        StateCreate state,
        String name,
        UUID flowRunId,
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String taskKey,
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String dynamicKey,
        String cacheKey,
        OffsetDateTime cacheExpiration,
        String taskVersion,
        @JsonDeserialize(using = NotNull.class) TaskRunPolicy empiricalPolicy,
        @JsonDeserialize(using = NotNull.class) List<String> tags,
        @JsonDeserialize(using = NotNull.class) Map<String, List<TaskRunInput>> taskInputs) {

    /** PREFECT_API_TASK_CACHE_KEY_MAX_LENGTH's default. */
    static final int CACHE_KEY_MAX_LENGTH = 2000;

    public TaskRunCreate {
        Limits.maxLength("name", name, Limits.TEXT);
        Limits.maxLength("task_key", taskKey, Limits.TASK_KEY);
        Limits.maxLength("dynamic_key", dynamicKey, Limits.DYNAMIC_KEY);
        if (cacheKey != null && cacheKey.length() > CACHE_KEY_MAX_LENGTH) {
            throw ValidationException.of(List.of("cache_key"), "Cache key exceeded maximum allowed length of "
                    + CACHE_KEY_MAX_LENGTH + " characters.", "value_error");
        }
    }
}
