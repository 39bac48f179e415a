package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code task_run.flow_run_id}; {@code is_null_} wins over {@code any_}. */
public record TaskRunFilterFlowRunId(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any,
        @JsonProperty("is_null_") @JsonDeserialize(using = NonNullBooleanDeserializer.class) Boolean isNull) implements OperatorFilter {

    public TaskRunFilterFlowRunId {
        operator = operator == null ? Operator.AND : operator;
        any = any == null ? null : List.copyOf(any);
        isNull = isNull != null && isNull;
    }

    /** No criteria: matches everything. */
    public static TaskRunFilterFlowRunId empty() {
        return new TaskRunFilterFlowRunId(null, null, null);
    }

    public TaskRunFilterFlowRunId withOperator(Operator operator) {
        return new TaskRunFilterFlowRunId(operator, any, isNull);
    }
}
