package dev.orchestra.orchestration.rules.global;

import dev.orchestra.config.Timestamps;
import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Adds the time spent in the RUNNING state being left to the run's total run time. */
public final class IncrementRunTime extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        State initial = context.initialState();
        if (!nullified(context) && initial != null && initial.type() == StateType.RUNNING) {
            Duration spent = Duration.between(initial.timestamp(), context.proposedState().timestamp());
            context.run().totalRunTime += Timestamps.seconds(spent);
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
