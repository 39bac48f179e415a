package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code flow_run.work_queue_name}. */
public record FlowRunFilterWorkQueueName(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public FlowRunFilterWorkQueueName {
        operator = operator == null ? Operator.AND : operator;
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterWorkQueueName empty() {
        return new FlowRunFilterWorkQueueName(null, null, null);
    }

    public FlowRunFilterWorkQueueName withOperator(Operator operator) {
        return new FlowRunFilterWorkQueueName(operator, any, isNull);
    }
}
