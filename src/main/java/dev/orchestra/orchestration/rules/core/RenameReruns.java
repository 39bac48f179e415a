package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** A task run entering RUNNING again is renamed "Retrying" after AwaitingRetry, "Rerunning" otherwise. */
public final class RenameReruns extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.RUNNING);

    public RenameReruns(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
        if (ctx.run().runCount > 0) {
            renameState(initial != null && "AwaitingRetry".equals(initial.name()) ? "Retrying" : "Rerunning");
        }
        return Uni.createFrom().voidItem();
    }
}
