package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.ApiVersions;
import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Counts the times a flow run enters RUNNING (for retries); resuming from a pause does not count. */
public final class IncrementFlowRunCount extends UniversalTransform<FlowOrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(FlowOrchestrationContext context) {
        if (!nullified(context) && context.proposedState().type() == StateType.RUNNING) {
            if (ApiVersions.atLeast084(context) && Boolean.TRUE.equals(context.policy().resuming())) {
                return done();
            }
            context.run().runCount += 1;
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
