package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code work_queue.name}; {@code startswith_} is a case-insensitive prefix match on any of its items. */
public record WorkQueueFilterName(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any,
        @JsonProperty("startswith_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> startswith) implements PrefectFilter {

    public WorkQueueFilterName {
        any = any == null ? null : List.copyOf(any);
        startswith = startswith == null ? null : List.copyOf(startswith);
    }

    /** No criteria: matches everything. */
    public static WorkQueueFilterName empty() {
        return new WorkQueueFilterName(null, null);
    }
}
