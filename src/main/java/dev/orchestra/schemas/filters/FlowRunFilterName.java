package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code flow_run.name}. */
public record FlowRunFilterName(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any,
        @JsonProperty("like_") String like) implements PrefectFilter {

    public FlowRunFilterName {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterName empty() {
        return new FlowRunFilterName(null, null);
    }
}
