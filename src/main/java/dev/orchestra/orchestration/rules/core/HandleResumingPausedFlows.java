package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.Locale;

/** A paused flow run may only become RUNNING, SCHEDULED or final; a rescheduling pause needs a deployment; an expired pause fails the run; a resumed run is marked "resuming". */
public final class HandleResumingPausedFlows extends OrchestrationRule<FlowOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.of(StateType.PAUSED);
    private static final StateTypes TO = StateTypes.ALL;

    public HandleResumingPausedFlows(FlowOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, FlowOrchestrationContext ctx) {
        StateType type = proposed.type();
        if (!(type == StateType.RUNNING || type == StateType.SCHEDULED || proposed.isFinal())) {
            rejectTransition(null, "This run cannot transition to the " + type + " state from the "
                    + initial.type() + " state.");
            return Uni.createFrom().voidItem();
        }
        String verb = "Suspended".equals(proposed.name()) ? "suspend" : "pause";
        if (Boolean.TRUE.equals(initial.stateDetails().pauseReschedule()) && ctx.run().deploymentId == null) {
            rejectTransition(null, "Cannot reschedule a " + proposed.name().toLowerCase(Locale.ROOT)
                    + " flow run without a deployment.");
            return Uni.createFrom().voidItem();
        }
        var timeout = initial.stateDetails().pauseTimeout();
        if (timeout != null && timeout.isBefore(ctx.now())) {
            State failed = State.of(StateType.FAILED, null, ctx.now()).withMessage(
                    "The flow was " + proposed.name().toLowerCase(Locale.ROOT) + " and never resumed.");
            rejectTransition(failed, "The flow run " + verb + " has timed out and can no longer resume.");
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    protected Uni<Void> afterTransition(State initial, State validated, FlowOrchestrationContext ctx) {
        ctx.updatePolicy(ctx.policy().withResuming(true));
        return Uni.createFrom().voidItem();
    }
}
