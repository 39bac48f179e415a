package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code flow.tags}. */
public record FlowFilterTags(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("all_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> all,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public FlowFilterTags {
        operator = operator == null ? Operator.AND : operator;
        all = all == null ? null : List.copyOf(all);
    }

    /** No criteria: matches everything. */
    public static FlowFilterTags empty() {
        return new FlowFilterTags(null, null, null);
    }

    public FlowFilterTags withOperator(Operator operator) {
        return new FlowFilterTags(operator, all, isNull);
    }
}
