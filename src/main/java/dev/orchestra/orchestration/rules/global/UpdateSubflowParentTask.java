package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** After a subflow changes state, its parent task run takes the same state (forced), pointing at the subflow. */
public final class UpdateSubflowParentTask extends UniversalTransform<FlowOrchestrationContext> {

    @Override
    protected Uni<Void> afterTransition(FlowOrchestrationContext context) {
        UUID parent = context.run().parentTaskRunId;
        State validated = context.validatedState();
        if (context.proposedState() == null || parent == null || validated == null) {
            return Uni.createFrom().voidItem();
        }
        State mirrored = new State(UUID.randomUUID(), validated.type(), validated.name(), validated.timestamp(),
                validated.message(), validated.data(), validated.stateDetails().withChildFlowRunId(context.run().id));
        return context.store().mirrorToParentTask(parent, mirrored);
    }
}
