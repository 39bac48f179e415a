package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** A task run may only start while its flow run is RUNNING; under a paused flow it is rejected into a "NotReady" pause. */
public final class PreventRunningTasksFromStoppedFlows extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.RUNNING);

    public PreventRunningTasksFromStoppedFlows(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
        return ctx.flowRun().invoke(flowRun -> {
            if (flowRun == null) {
                return;
            }
            State flowState = flowRun.state();
            if (flowState == null) {
                abortTransition("The enclosing flow must be running to begin task execution.");
            } else if (flowState.type() == StateType.PAUSED) {
                State notReady = State.of(StateType.PAUSED, "NotReady", ctx.now())
                        .withDetails(StateDetails.EMPTY.withPause(flowState.stateDetails().pauseTimeout(),
                                Boolean.TRUE.equals(flowState.stateDetails().pauseReschedule()), null));
                rejectTransition(notReady, "The flow is paused, new tasks can execute after resuming flow run: "
                        + flowRun.id() + ".");
            } else if (flowState.type() != StateType.RUNNING) {
                abortTransition("The enclosing flow must be running to begin task execution.");
            }
        }).replaceWithVoid();
    }
}
