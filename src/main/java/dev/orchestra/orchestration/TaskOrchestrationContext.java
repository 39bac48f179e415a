package dev.orchestra.orchestration;

import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.TaskRunPolicy;
import java.time.OffsetDateTime;
import java.util.Map;

/** A task run's transition. */
public final class TaskOrchestrationContext extends OrchestrationContext {

    private final TaskRunEntity run;
    private final TaskRunPolicy policy;

    public TaskOrchestrationContext(OrchestrationStore store, OffsetDateTime now, boolean force, TaskRunEntity run,
            TaskRunPolicy policy, State initialState, State proposedState, Map<String, Object> parameters) {
        super(store, now, force, initialState, proposedState, parameters);
        this.run = run;
        this.policy = policy;
    }

    @Override
    public TaskRunEntity run() {
        return run;
    }

    public TaskRunPolicy policy() {
        return policy;
    }
}
