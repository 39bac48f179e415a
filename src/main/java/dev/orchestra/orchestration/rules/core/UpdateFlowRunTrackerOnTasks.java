package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** A task run that starts records the run count of its flow run (so a flow retry can tell which tasks to rerun). */
public final class UpdateFlowRunTrackerOnTasks extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.RUNNING);

    public UpdateFlowRunTrackerOnTasks(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> afterTransition(State initial, State validated, TaskOrchestrationContext ctx) {
        if (ctx.run().flowRunId == null) {
            return Uni.createFrom().voidItem();
        }
        return ctx.flowRun().invoke(flowRun -> {
            if (flowRun == null) {
                throw new IllegalStateException("Unable to read flow run associated with task run: "
                        + ctx.run().id + ", this flow run might have been deleted");
            }
            ctx.setFlowRunRunCount(flowRun.runCount());
        }).replaceWithVoid();
    }
}
