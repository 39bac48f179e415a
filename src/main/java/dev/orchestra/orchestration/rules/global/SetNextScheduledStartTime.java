package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Tracks the scheduled time while the run is SCHEDULED and clears it when it leaves. */
public final class SetNextScheduledStartTime extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (nullified(context)) {
            return done();
        }
        State initial = context.initialState();
        if (initial != null && initial.type() == StateType.SCHEDULED) {
            context.run().nextScheduledStartTime = null;
        }
        State proposed = context.proposedState();
        if (proposed.type() == StateType.SCHEDULED) {
            context.run().nextScheduledStartTime = proposed.stateDetails().scheduledTime();
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
