package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter by {@code flow_run.state_type} and {@code flow_run.state_name}; their criteria are combined with this filter's operator. */
public record FlowRunFilterState(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("type") FlowRunFilterStateType type,
        @JsonProperty("name") FlowRunFilterStateName name) implements OperatorFilter {

    public FlowRunFilterState {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterState empty() {
        return new FlowRunFilterState(null, null, null);
    }

    public FlowRunFilterState withOperator(Operator operator) {
        return new FlowRunFilterState(operator, type, name);
    }

    public FlowRunFilterState withType(FlowRunFilterStateType type) {
        return new FlowRunFilterState(operator, type, name);
    }

    public FlowRunFilterState withName(FlowRunFilterStateName name) {
        return new FlowRunFilterState(operator, type, name);
    }
}
