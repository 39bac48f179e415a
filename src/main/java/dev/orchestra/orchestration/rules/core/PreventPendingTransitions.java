package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Aborts a move to PENDING from PENDING, RUNNING, CANCELLING or CANCELLED: the run is already past it (this keeps two clients from running the same run). */
public final class PreventPendingTransitions<C extends OrchestrationContext> extends OrchestrationRule<C> {

    private static final StateTypes FROM = StateTypes.of(StateType.PENDING, StateType.CANCELLING, StateType.RUNNING, StateType.CANCELLED);
    private static final StateTypes TO = StateTypes.of(StateType.PENDING);

    public PreventPendingTransitions(C context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, C ctx) {
        abortTransition("This run is in a " + initial.type() + " state and cannot transition to a PENDING state.");
        return Uni.createFrom().voidItem();
    }
}
