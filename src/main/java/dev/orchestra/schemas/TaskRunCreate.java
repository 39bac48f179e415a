package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The body of {@code POST /task_runs/} ({@code actions.TaskRunCreate}); extra fields are rejected. */
public record TaskRunCreate(
        StateCreate state,
        @JsonSetter(nulls = Nulls.FAIL) String name,
        UUID flowRunId,
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) String taskKey,
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) String dynamicKey,
        String cacheKey,
        OffsetDateTime cacheExpiration,
        String taskVersion,
        @JsonSetter(nulls = Nulls.FAIL) TaskRunPolicy empiricalPolicy,
        @JsonSetter(nulls = Nulls.FAIL) List<String> tags,
        @JsonSetter(nulls = Nulls.FAIL) Map<String, List<TaskRunInput>> taskInputs) {

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
