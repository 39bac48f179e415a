package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter by {@code task_run.state_type} and {@code task_run.state_name}; their criteria are combined with this filter's operator. */
public record TaskRunFilterState(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("type") TaskRunFilterStateType type,
        @JsonProperty("name") TaskRunFilterStateName name) implements OperatorFilter {

    public TaskRunFilterState {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static TaskRunFilterState empty() {
        return new TaskRunFilterState(null, null, null);
    }

    public TaskRunFilterState withOperator(Operator operator) {
        return new TaskRunFilterState(operator, type, name);
    }

    public TaskRunFilterState withType(TaskRunFilterStateType type) {
        return new TaskRunFilterState(operator, type, name);
    }

    public TaskRunFilterState withName(TaskRunFilterStateName name) {
        return new TaskRunFilterState(operator, type, name);
    }
}
