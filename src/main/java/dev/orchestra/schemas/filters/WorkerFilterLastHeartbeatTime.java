package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;

/** Filter by {@code worker.last_heartbeat_time} (bounds are inclusive). */
public record WorkerFilterLastHeartbeatTime(
        @JsonProperty("before_") OffsetDateTime before,
        @JsonProperty("after_") OffsetDateTime after) implements PrefectFilter {

    /** No criteria: matches everything. */
    public static WorkerFilterLastHeartbeatTime empty() {
        return new WorkerFilterLastHeartbeatTime(null, null);
    }
}
