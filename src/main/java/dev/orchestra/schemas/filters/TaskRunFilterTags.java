package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code task_run.tags}. */
public record TaskRunFilterTags(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("all_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> all,
        @JsonProperty("is_null_") Boolean isNull) implements OperatorFilter {

    public TaskRunFilterTags {
        operator = operator == null ? Operator.AND : operator;
        all = all == null ? null : List.copyOf(all);
    }

    /** No criteria: matches everything. */
    public static TaskRunFilterTags empty() {
        return new TaskRunFilterTags(null, null, null);
    }

    public TaskRunFilterTags withOperator(Operator operator) {
        return new TaskRunFilterTags(operator, all, isNull);
    }
}
