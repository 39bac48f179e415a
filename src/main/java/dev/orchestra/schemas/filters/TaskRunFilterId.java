package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code task_run.id}. */
public record TaskRunFilterId(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any) implements PrefectFilter {

    public TaskRunFilterId {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static TaskRunFilterId empty() {
        return new TaskRunFilterId(null);
    }
}
