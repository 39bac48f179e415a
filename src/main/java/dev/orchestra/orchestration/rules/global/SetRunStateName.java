package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import io.smallrye.mutiny.Uni;

/** Records the new state's name on the run. */
public final class SetRunStateName extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (!nullified(context)) {
            context.run().stateName = context.proposedState().name();
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
