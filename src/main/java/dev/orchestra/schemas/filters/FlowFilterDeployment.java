package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter flows by whether they have deployments. */
public record FlowFilterDeployment(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public FlowFilterDeployment {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static FlowFilterDeployment empty() {
        return new FlowFilterDeployment(null, null);
    }

    public FlowFilterDeployment withOperator(Operator operator) {
        return new FlowFilterDeployment(operator, isNull);
    }
}
