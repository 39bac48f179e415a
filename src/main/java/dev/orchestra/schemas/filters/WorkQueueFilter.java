package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter for work queues. */
public record WorkQueueFilter(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("id") WorkQueueFilterId id,
        @JsonProperty("name") WorkQueueFilterName name) implements OperatorFilter {

    public WorkQueueFilter {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static WorkQueueFilter empty() {
        return new WorkQueueFilter(null, null, null);
    }

    public WorkQueueFilter withOperator(Operator operator) {
        return new WorkQueueFilter(operator, id, name);
    }

    public WorkQueueFilter withId(WorkQueueFilterId id) {
        return new WorkQueueFilter(operator, id, name);
    }

    public WorkQueueFilter withName(WorkQueueFilterName name) {
        return new WorkQueueFilter(operator, id, name);
    }
}
