package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/** Filter by {@code flow_run.next_scheduled_start_time} (bounds are inclusive). */
public record FlowRunFilterNextScheduledStartTime(
        @JsonProperty("before_") OffsetDateTime before,
        @JsonProperty("after_") OffsetDateTime after) implements PrefectFilter {

    /** No criteria: matches everything. */
    public static FlowRunFilterNextScheduledStartTime empty() {
        return new FlowRunFilterNextScheduledStartTime(null, null);
    }
}
