package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** Guards task runs in a final state: no CANCELLING, PAUSED or CRASHED; a COMPLETED run with a persisted result stays completed; a rerun restarts the run count (restored if the rule fizzles) and is renamed "Retrying" when its flow run is retrying. */
public final class HandleTaskTerminalStateTransitions extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.terminal();
    private static final StateTypes TO = StateTypes.ALL;

    private int originalRunCount;

    public HandleTaskTerminalStateTransitions(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
        originalRunCount = ctx.run().runCount;
        StateType type = proposed.type();
        if (type == StateType.CANCELLING || type == StateType.PAUSED || type == StateType.CRASHED) {
            abortTransition("Run is already " + initial.type() + ".");
            return Uni.createFrom().voidItem();
        }
        if (initial.type() == StateType.COMPLETED && ResultData.isPersisted(initial)) {
            rejectTransition(null, "This run is already completed.");
            return Uni.createFrom().voidItem();
        }
        if (!proposed.isFinal()) {
            ctx.setRunCount(0);
        }
        if (type == StateType.RUNNING && ctx.run().flowRunId != null) {
            return ctx.flowRun().invoke(flowRun -> {
                if (flowRun != null && ctx.run().flowRunRunCount < flowRun.runCount()) {
                    renameState("Retrying");
                }
            }).replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    protected Uni<Void> cleanup(State initial, State validated, TaskOrchestrationContext ctx) {
        ctx.setRunCount(originalRunCount);
        return Uni.createFrom().voidItem();
    }
}
