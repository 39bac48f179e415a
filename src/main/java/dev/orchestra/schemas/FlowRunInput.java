package dev.orchestra.schemas;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A keyed input of a flow run ({@code core.FlowRunInput}). */
public record FlowRunInput(UUID id, OffsetDateTime created, OffsetDateTime updated, UUID flowRunId, String key,
        String value, String sender) {
}
