package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * A proposed state ({@code actions.StateCreate}). {@code timestamp} and {@code id} are accepted for
 * backwards compatibility and ignored, as Prefect does.
 */
public record StateCreate(
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) StateType type,
        String name,
        String message,
        JsonNode data,
        @JsonDeserialize(using = NotNull.class) StateDetails stateDetails,
        OffsetDateTime timestamp,
        UUID id) {

    public StateCreate {
        Limits.maxLength("name", name, Limits.TEXT);
        if (stateDetails != null) {
            Limits.maxLength(List.of("state_details", "cache_key"), stateDetails.cacheKey(), Limits.CACHE_KEY);
        }
    }

    /**
     * A full state with a fresh id, stamped {@code now}. A SCHEDULED state without a scheduled time
     * is scheduled for {@code now}, as Prefect's state validator does.
     */
    public State toState(OffsetDateTime now) {
        StateDetails details = stateDetails == null ? StateDetails.EMPTY : stateDetails;
        if (type == StateType.SCHEDULED && details.scheduledTime() == null) {
            details = details.withScheduledTime(now);
        }
        return new State(UUID.randomUUID(), type, name, now, message, data, details);
    }
}
