package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.orchestra.schemas.StateType;
import java.util.List;

/** Filter by {@code flow_run.state_type}. */
public record FlowRunFilterStateType(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) @JsonDeserialize(contentUsing = StrictEnumDeserializer.ForStateType.class) List<StateType> any) implements PrefectFilter {

    public FlowRunFilterStateType {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterStateType empty() {
        return new FlowRunFilterStateType(null);
    }
}
