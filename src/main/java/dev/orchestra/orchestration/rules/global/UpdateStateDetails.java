package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;

/** Points the new state at its run: flow run id, and task run id for task runs. */
public final class UpdateStateDetails extends UniversalTransform<OrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        if (nullified(context)) {
            return done();
        }
        State proposed = context.proposedState();
        if (context instanceof TaskOrchestrationContext task) {
            context.replaceProposedState(proposed.withDetails(proposed.stateDetails()
                    .withFlowRunId(task.run().flowRunId).withTaskRunId(task.run().id)));
        } else {
            context.replaceProposedState(proposed.withDetails(proposed.stateDetails().withFlowRunId(context.run().id)));
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
