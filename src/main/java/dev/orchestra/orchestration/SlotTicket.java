package dev.orchestra.orchestration;

import java.util.UUID;

/** A task run's place in the queue of a tag's concurrency slots; a lower {@code seq} was refused earlier. */
public record SlotTicket(long seq, String tag, UUID taskRunId) {
}
