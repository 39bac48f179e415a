package dev.orchestra.orchestration.rules.global;

import dev.orchestra.orchestration.ApiVersions;
import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Clears the "resuming" mark once the flow run runs again or finishes. */
public final class RemoveResumingIndicator extends UniversalTransform<FlowOrchestrationContext> {

    @Override
    protected Uni<Void> beforeTransition(FlowOrchestrationContext context) {
        if (nullified(context) || !ApiVersions.atLeast084(context)) {
            return done();
        }
        State proposed = context.proposedState();
        if ((proposed.type() == StateType.RUNNING || proposed.isFinal())
                && Boolean.TRUE.equals(context.policy().resuming())) {
            context.updatePolicy(context.policy().withResuming(false));
        }
        return done();
    }

    private static Uni<Void> done() {
        return Uni.createFrom().voidItem();
    }
}
