package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.orchestra.schemas.StateType;
import java.util.List;

/** Filter by {@code task_run.state_type}. */
public record TaskRunFilterStateType(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) @JsonDeserialize(contentUsing = StrictEnumDeserializer.ForStateType.class) List<StateType> any) implements PrefectFilter {

    public TaskRunFilterStateType {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static TaskRunFilterStateType empty() {
        return new TaskRunFilterStateType(null);
    }
}
