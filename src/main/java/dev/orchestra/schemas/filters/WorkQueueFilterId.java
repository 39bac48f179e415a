package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code work_queue.id}. */
public record WorkQueueFilterId(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any) implements PrefectFilter {

    public WorkQueueFilterId {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static WorkQueueFilterId empty() {
        return new WorkQueueFilterId(null);
    }
}
