package dev.orchestra.service.background;

import io.smallrye.mutiny.Uni;

/**
 * A background service run every {@link #loopSeconds()} on the one instance that holds its lock (Prefect's
 * {@code LoopService}). {@link #runOnce()} is one pass; passes of a service never overlap on an instance.
 */
public interface LoopService {

    /** Prefect's name of the service; also the name of its lock. */
    String name();

    boolean enabled();

    double loopSeconds();

    /** One pass; answers how many things it changed (for the log). */
    Uni<Integer> runOnce();
}
