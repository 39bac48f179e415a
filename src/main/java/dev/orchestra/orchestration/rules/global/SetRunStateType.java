package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import io.smallrye.mutiny.Uni;

/** Records the new state's type on the run. */
public final class SetRunStateType extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (!nullified(context)) {
            context.run().stateType = context.proposedState().type();
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
