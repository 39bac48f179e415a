package dev.orchestra.service.background;

import dev.orchestra.config.ServicesConfig;
import io.smallrye.mutiny.Uni;

/**
 * A background service run every {@link #loopSeconds()} on the one instance that holds its lock (Prefect's
 * {@code LoopService}). {@link #runOnce()} is one pass; passes of a service never overlap on an instance.
 */
public interface LoopService {

    /** Prefect's name of the service; also the name of its lock. */
    String name();

    /** Whether it runs, and how often: the service's own settings. */
    ServicesConfig.Loop settings();

    default boolean enabled() {
        return settings().enabled();
    }

    default double loopSeconds() {
        return settings().loopSeconds();
    }

    /** Settings given as values rather than by configuration mapping. */
    record Every(boolean enabled, double loopSeconds) implements ServicesConfig.Loop {
    }

    /** One pass; answers how many things it changed (for the log). */
    Uni<Integer> runOnce();
}
