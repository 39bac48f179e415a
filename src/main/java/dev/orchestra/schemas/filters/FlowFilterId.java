package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code flow.id}. */
public record FlowFilterId(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any) implements PrefectFilter {

    public FlowFilterId {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowFilterId empty() {
        return new FlowFilterId(null);
    }
}
