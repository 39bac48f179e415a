package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;

/** Records when the run entered a final state; a (forced) move out of a final state clears it. */
public final class SetEndTime extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (nullified(context)) {
            return done();
        }
        State initial = context.initialState();
        State proposed = context.proposedState();
        if (initial != null && initial.isFinal() && !proposed.isFinal()) {
            context.run().endTime = null;
        }
        if (proposed.isFinal() && context.run().startTime != null && context.run().endTime == null) {
            context.run().endTime = proposed.timestamp();
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
