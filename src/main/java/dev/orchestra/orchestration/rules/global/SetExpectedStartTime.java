package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Sets the expected start time once: the scheduled time of a SCHEDULED state, else the state's timestamp. */
public final class SetExpectedStartTime extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (!nullified(context) && context.run().expectedStartTime == null) {
            State proposed = context.proposedState();
            context.run().expectedStartTime = proposed.type() == StateType.SCHEDULED
                    ? proposed.stateDetails().scheduledTime() : proposed.timestamp();
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
