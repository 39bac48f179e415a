package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One element of the body of {@code POST /logs/} ({@code actions.LogCreate}). */
public record LogCreate(
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) String name,
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) Integer level,
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) String message,
        @JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) OffsetDateTime timestamp,
        UUID flowRunId,
        UUID taskRunId) {
}
