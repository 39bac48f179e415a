package dev.orchestra.orchestration;

import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** One step of a policy for one transition: a rule, or a bookkeeping transform. */
public interface Stage {

    /** Whether this step takes part in the intended transition at all. */
    boolean governs(StateType from, StateType to);

    Uni<Void> enter();

    Uni<Void> exit();
}
