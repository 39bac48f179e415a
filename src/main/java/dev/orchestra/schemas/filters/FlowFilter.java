package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter for flows. */
public record FlowFilter(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("id") FlowFilterId id,
        @JsonProperty("deployment") FlowFilterDeployment deployment,
        @JsonProperty("name") FlowFilterName name,
        @JsonProperty("tags") FlowFilterTags tags) implements OperatorFilter {

    public FlowFilter {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static FlowFilter empty() {
        return new FlowFilter(null, null, null, null, null);
    }

    public FlowFilter withOperator(Operator operator) {
        return new FlowFilter(operator, id, deployment, name, tags);
    }

    public FlowFilter withId(FlowFilterId id) {
        return new FlowFilter(operator, id, deployment, name, tags);
    }

    public FlowFilter withDeployment(FlowFilterDeployment deployment) {
        return new FlowFilter(operator, id, deployment, name, tags);
    }

    public FlowFilter withName(FlowFilterName name) {
        return new FlowFilter(operator, id, deployment, name, tags);
    }

    public FlowFilter withTags(FlowFilterTags tags) {
        return new FlowFilter(operator, id, deployment, name, tags);
    }
}
