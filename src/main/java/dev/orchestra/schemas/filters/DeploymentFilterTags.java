package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code deployment.tags}. */
public record DeploymentFilterTags(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("all_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> all,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public DeploymentFilterTags {
        operator = operator == null ? Operator.AND : operator;
        all = all == null ? null : List.copyOf(all);
    }

    /** No criteria: matches everything. */
    public static DeploymentFilterTags empty() {
        return new DeploymentFilterTags(null, null, null);
    }

    public DeploymentFilterTags withOperator(Operator operator) {
        return new DeploymentFilterTags(operator, all, isNull);
    }
}
