package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code work_pool.name}. */
public record WorkPoolFilterName(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any) implements PrefectFilter {

    public WorkPoolFilterName {
        any = any == null ? null : List.copyOf(any);
    }

    /** No criteria: matches everything. */
    public static WorkPoolFilterName empty() {
        return new WorkPoolFilterName(null);
    }
}
