package dev.orchestra.schemas;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A tag concurrency limit ({@code core.ConcurrencyLimit}); {@code active_slots} lists task run ids. */
public record ConcurrencyLimit(UUID id, OffsetDateTime created, OffsetDateTime updated, String tag,
        int concurrencyLimit, List<UUID> activeSlots) {
}
