package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code flow_run.parent_task_run_id}. */
public record FlowRunFilterParentTaskRunId(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public FlowRunFilterParentTaskRunId {
        operator = operator == null ? Operator.AND : operator;
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterParentTaskRunId empty() {
        return new FlowRunFilterParentTaskRunId(null, null, null);
    }

    public FlowRunFilterParentTaskRunId withOperator(Operator operator) {
        return new FlowRunFilterParentTaskRunId(operator, any, isNull);
    }
}
