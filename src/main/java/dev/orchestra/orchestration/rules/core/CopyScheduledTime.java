package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** A run moving from SCHEDULED to PENDING keeps its scheduled time. */
public final class CopyScheduledTime<C extends OrchestrationContext> extends OrchestrationRule<C> {

    private static final StateTypes FROM = StateTypes.of(StateType.SCHEDULED);
    private static final StateTypes TO = StateTypes.of(StateType.PENDING);

    public CopyScheduledTime(C context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, C ctx) {
        if (proposed.stateDetails().scheduledTime() == null) {
            ctx.replaceProposedState(proposed.withDetails(
                    proposed.stateDetails().withScheduledTime(initial.stateDetails().scheduledTime())));
        }
        return Uni.createFrom().voidItem();
    }
}
