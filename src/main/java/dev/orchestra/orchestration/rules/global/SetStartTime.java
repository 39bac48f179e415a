package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Records when the run first entered RUNNING. */
public final class SetStartTime extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (!nullified(context) && context.proposedState().type() == StateType.RUNNING
                && context.run().startTime == null) {
            context.run().startTime = context.proposedState().timestamp();
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
