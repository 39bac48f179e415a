package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import io.smallrye.mutiny.Uni;

/** Records when the run changed state. */
public final class SetRunStateTimestamp extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (!nullified(context)) {
            context.run().stateTimestamp = context.proposedState().timestamp();
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
