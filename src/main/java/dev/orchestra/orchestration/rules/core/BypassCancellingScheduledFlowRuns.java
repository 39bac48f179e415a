package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** A scheduled flow run with no infrastructure to stop goes straight to CANCELLED instead of CANCELLING. */
public final class BypassCancellingScheduledFlowRuns extends OrchestrationRule<FlowOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.of(StateType.SCHEDULED);
    private static final StateTypes TO = StateTypes.of(StateType.CANCELLING);

    public BypassCancellingScheduledFlowRuns(FlowOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, FlowOrchestrationContext ctx) {
        if (ctx.run().infrastructurePid == null || ctx.run().infrastructurePid.isEmpty()) {
            rejectTransition(State.of(StateType.CANCELLED, null, ctx.now()),
                    "Scheduled flow run has no infrastructure to terminate.");
        }
        return Uni.createFrom().voidItem();
    }
}
