package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/** Filter by {@code flow_run.expected_start_time} (bounds are inclusive). */
public record FlowRunFilterExpectedStartTime(
        @JsonProperty("before_") OffsetDateTime before,
        @JsonProperty("after_") OffsetDateTime after) implements PrefectFilter {

    /** No criteria: matches everything. */
    public static FlowRunFilterExpectedStartTime empty() {
        return new FlowRunFilterExpectedStartTime(null, null);
    }
}
