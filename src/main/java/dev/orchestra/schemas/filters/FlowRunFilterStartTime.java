package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/** Filter by {@code flow_run.start_time} (bounds are inclusive). */
public record FlowRunFilterStartTime(
        @JsonProperty("before_") OffsetDateTime before,
        @JsonProperty("after_") OffsetDateTime after,
        @JsonProperty("is_null_") Boolean isNull) implements PrefectFilter {

    /** No criteria: matches everything. */
    public static FlowRunFilterStartTime empty() {
        return new FlowRunFilterStartTime(null, null, null);
    }
}
