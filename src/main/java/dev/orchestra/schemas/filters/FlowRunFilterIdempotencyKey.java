package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** Filter by {@code flow_run.idempotency_key}. */
public record FlowRunFilterIdempotencyKey(
        @JsonProperty("any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> any,
        @JsonProperty("not_any_") @JsonSetter(contentNulls = Nulls.FAIL) List<String> notAny) implements PrefectFilter {

    public FlowRunFilterIdempotencyKey {
        any = any == null ? null : List.copyOf(any);
        notAny = notAny == null ? null : List.copyOf(notAny);
    }

    /** No criteria: matches everything. */
    public static FlowRunFilterIdempotencyKey empty() {
        return new FlowRunFilterIdempotencyKey(null, null);
    }
}
