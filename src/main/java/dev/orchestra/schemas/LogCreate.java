package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One element of the body of {@code POST /logs/} ({@code actions.LogCreate}). */
public record LogCreate(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) Integer level,
        @JsonProperty(required = true) String message,
        @JsonProperty(required = true) OffsetDateTime timestamp,
        UUID flowRunId,
        UUID taskRunId) {
}
