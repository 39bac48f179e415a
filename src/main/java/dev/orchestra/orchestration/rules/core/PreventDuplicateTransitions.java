package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Rejects (writing nothing) a proposed state whose transition id is the current state's: the client retried a transition that already happened. */
public final class PreventDuplicateTransitions<C extends OrchestrationContext> extends OrchestrationRule<C> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.ALL;

    public PreventDuplicateTransitions(C context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, C ctx) {
        if (initial != null && proposed != null && initial.stateDetails().transitionId() != null
                && initial.stateDetails().transitionId().equals(proposed.stateDetails().transitionId())) {
            rejectTransition(null, "This run has already made this state transition.");
        }
        return Uni.createFrom().voidItem();
    }
}
