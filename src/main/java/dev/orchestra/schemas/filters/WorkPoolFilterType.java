package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code work_pool.type}. */
public record WorkPoolFilterType(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any) implements PrefectFilter {

    public WorkPoolFilterType {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static WorkPoolFilterType empty() {
        return new WorkPoolFilterType(null);
    }
}
