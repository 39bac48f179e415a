package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code flow_run.id}. */
public record FlowRunFilterId(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any,
        @JsonProperty("not_any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> notAny) implements PrefectFilter {

    public FlowRunFilterId {
        any = any == null ? null : List.copyOf(any);
        notAny = notAny == null ? null : List.copyOf(notAny);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterId empty() {
        return new FlowRunFilterId(null, null);
    }
}
