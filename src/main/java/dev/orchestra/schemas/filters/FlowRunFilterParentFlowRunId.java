package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter for subflow runs of the given flow runs (through their parent task run). */
public record FlowRunFilterParentFlowRunId(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any) implements OperatorFilter {

    public FlowRunFilterParentFlowRunId {
        operator = operator == null ? Operator.AND : operator;
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterParentFlowRunId empty() {
        return new FlowRunFilterParentFlowRunId(null, null);
    }

    public FlowRunFilterParentFlowRunId withOperator(Operator operator) {
        return new FlowRunFilterParentFlowRunId(operator, any);
    }
}
