package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;

/** A subflow's states point at the task run that tracks it in the parent flow. */
public final class UpdateSubflowStateDetails extends UniversalTransform<FlowOrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(FlowOrchestrationContext context) {
        if (!nullified(context) && context.run().parentTaskRunId != null) {
            State proposed = context.proposedState();
            context.replaceProposedState(proposed.withDetails(
                    proposed.stateDetails().withTaskRunId(context.run().parentTaskRunId)));
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
