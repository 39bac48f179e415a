package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code flow_run.state_name}. */
public record FlowRunFilterStateName(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any) implements PrefectFilter {

    public FlowRunFilterStateName {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterStateName empty() {
        return new FlowRunFilterStateName(null);
    }
}
