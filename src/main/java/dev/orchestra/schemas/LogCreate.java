package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.UUID;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** One element of the body of {@code POST /logs/} ({@code actions.LogCreate}). */
public record LogCreate(
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String name,
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) Integer level,
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String message,
        @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) OffsetDateTime timestamp,
        UUID flowRunId,
        UUID taskRunId) {
}
