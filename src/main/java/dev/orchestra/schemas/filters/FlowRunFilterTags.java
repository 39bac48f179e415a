package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code flow_run.tags}. */
public record FlowRunFilterTags(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("all_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> all,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public FlowRunFilterTags {
        operator = operator == null ? Operator.AND : operator;
        all = all == null ? null : List.copyOf(all);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterTags empty() {
        return new FlowRunFilterTags(null, null, null);
    }

    public FlowRunFilterTags withOperator(Operator operator) {
        return new FlowRunFilterTags(operator, all, isNull);
    }
}
