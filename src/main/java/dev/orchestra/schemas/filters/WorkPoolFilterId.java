package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code work_pool.id}. */
public record WorkPoolFilterId(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any) implements PrefectFilter {

    public WorkPoolFilterId {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static WorkPoolFilterId empty() {
        return new WorkPoolFilterId(null);
    }
}
