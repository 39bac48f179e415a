package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.ApiVersions;
import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Guards flow runs in a final state: no CANCELLING, PAUSED or CRASHED; a COMPLETED run with a persisted result stays completed; no rescheduling without a deployment; leaving a final state clears pause and resume bookkeeping (restored if the rule fizzles). */
public final class HandleFlowTerminalStateTransitions extends OrchestrationRule<FlowOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.terminal();
    private static final StateTypes TO = StateTypes.ALL;

    private FlowRunPolicy originalPolicy;

    public HandleFlowTerminalStateTransitions(FlowOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, FlowOrchestrationContext ctx) {
        originalPolicy = ctx.policy();
        StateType type = proposed.type();
        if (type == StateType.CANCELLING || type == StateType.PAUSED || type == StateType.CRASHED) {
            abortTransition("Run is already in terminal state " + initial.type() + ".");
            return Uni.createFrom().voidItem();
        }
        if (initial.type() == StateType.COMPLETED && !proposed.isFinal() && ResultData.isPersisted(initial)) {
            rejectTransition(null, "Run is already COMPLETED.");
            return Uni.createFrom().voidItem();
        }
        if (type == StateType.SCHEDULED && ctx.run().deploymentId == null) {
            abortTransition("Cannot reschedule a run without an associated deployment.");
            return Uni.createFrom().voidItem();
        }
        if (!proposed.isFinal() && ApiVersions.atLeast084(ctx)) {
            ctx.updatePolicy(ctx.policy().withResuming(false).withPauseKeys(List.of()));
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    protected Uni<Void> cleanup(State initial, State validated, FlowOrchestrationContext ctx) {
        ctx.updatePolicy(originalPolicy);
        return Uni.createFrom().voidItem();
    }
}
