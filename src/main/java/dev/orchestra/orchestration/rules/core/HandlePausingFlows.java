package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Pauses only running flow runs, each pause key once (the key is recorded on the run after the pause); a rescheduling pause needs a deployment and no parent task. */
public final class HandlePausingFlows extends OrchestrationRule<FlowOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.PAUSED);

    private String key;

    public HandlePausingFlows(FlowOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, FlowOrchestrationContext ctx) {
        String verb = "Suspended".equals(proposed.name()) ? "suspend" : "pause";
        if (initial == null) {
            abortTransition("Cannot " + verb + " flows with no state.");
            return Uni.createFrom().voidItem();
        }
        if (initial.type() != StateType.RUNNING) {
            rejectTransition(null, "Cannot " + verb + " flows that are not currently running.");
            return Uni.createFrom().voidItem();
        }
        key = proposed.stateDetails().pauseKey() != null ? proposed.stateDetails().pauseKey()
                : UUID.randomUUID().toString();
        if (ctx.policy().pauseKeys().contains(key)) {
            rejectTransition(null, "This " + verb + " has already fired.");
            return Uni.createFrom().voidItem();
        }
        if (Boolean.TRUE.equals(proposed.stateDetails().pauseReschedule())) {
            if (ctx.run().parentTaskRunId != null) {
                abortTransition("Cannot " + verb + " subflows.");
            } else if (ctx.run().deploymentId == null) {
                abortTransition("Cannot " + verb + " flows without a deployment.");
            }
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    protected Uni<Void> afterTransition(State initial, State validated, FlowOrchestrationContext ctx) {
        List<String> keys = new ArrayList<>(ctx.policy().pauseKeys());
        keys.add(key);
        ctx.updatePolicy(ctx.policy().withPauseKeys(keys));
        return Uni.createFrom().voidItem();
    }
}
