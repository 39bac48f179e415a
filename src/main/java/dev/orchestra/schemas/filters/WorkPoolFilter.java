package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter for work pools. */
public record WorkPoolFilter(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("id") WorkPoolFilterId id,
        @JsonProperty("name") WorkPoolFilterName name,
        @JsonProperty("type") WorkPoolFilterType type) implements OperatorFilter {

    public WorkPoolFilter {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static WorkPoolFilter empty() {
        return new WorkPoolFilter(null, null, null, null);
    }

    public WorkPoolFilter withOperator(Operator operator) {
        return new WorkPoolFilter(operator, id, name, type);
    }

    public WorkPoolFilter withId(WorkPoolFilterId id) {
        return new WorkPoolFilter(operator, id, name, type);
    }

    public WorkPoolFilter withName(WorkPoolFilterName name) {
        return new WorkPoolFilter(operator, id, name, type);
    }

    public WorkPoolFilter withType(WorkPoolFilterType type) {
        return new WorkPoolFilter(operator, id, name, type);
    }
}
