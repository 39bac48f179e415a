package dev.orchestra.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Slot waiters (beyond Prefect): a task run refused because a tag concurrency limit is full gets its answer held
 * until a slot frees (then it is admitted, in arrival order per tag) instead of Prefect's fixed 30 s WAIT.
 */
@ConfigMapping(prefix = "orchestra.task-run-slot-waiters")
public interface SlotWaitersConfig {

    /** Hold and queue refused task runs; false answers Prefect's WAIT at once (the configured slot wait). */
    @WithDefault("true")
    boolean enabled();

    /**
     * The longest a set_state answer is held, in seconds; then the run is answered WAIT with a 1 s delay and keeps
     * its place. Below the Prefect client's 60 s request timeout.
     */
    @WithDefault("20")
    int maxHoldSeconds();

    /**
     * How often a held waiter looks again without a wake-up, in seconds: a safety net for a lost notification
     * connection and for places that lapsed on another instance.
     */
    @WithDefault("5")
    int recheckSeconds();
}
