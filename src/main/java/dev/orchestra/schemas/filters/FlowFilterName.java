package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code flow.name}. */
public record FlowFilterName(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any,
        @JsonProperty("like_") String like) implements PrefectFilter {

    public FlowFilterName {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static FlowFilterName empty() {
        return new FlowFilterName(null, null);
    }
}
