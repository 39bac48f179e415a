package dev.orchestra.schemas;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A log line ({@code core.Log}). */
public record Log(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, int level, String message,
        OffsetDateTime timestamp, UUID flowRunId, UUID taskRunId) {
}
