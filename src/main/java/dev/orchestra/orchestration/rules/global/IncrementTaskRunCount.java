package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Counts the times a task run enters RUNNING (for retries). */
public final class IncrementTaskRunCount extends UniversalTransform<TaskOrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(TaskOrchestrationContext context) {
        if (!nullified(context) && context.proposedState().type() == StateType.RUNNING) {
            context.run().runCount += 1;
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
