package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.UUID;

/** Filter by {@code flow_run.deployment_id}. */
public record FlowRunFilterDeploymentId(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> any,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public FlowRunFilterDeploymentId {
        operator = operator == null ? Operator.AND : operator;
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterDeploymentId empty() {
        return new FlowRunFilterDeploymentId(null, null, null);
    }

    public FlowRunFilterDeploymentId withOperator(Operator operator) {
        return new FlowRunFilterDeploymentId(operator, any, isNull);
    }
}
