package dev.orchestra.orchestration;

import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.TaskRunPolicy;
import io.smallrye.mutiny.Uni;
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

    @Override
    Uni<Void> writeState(State state) {
        return store().commitTaskRunState(this, state);
    }

    @Override
    Uni<Void> writeRun() {
        return store().updateTaskRun(this);
    }

    public TaskRunPolicy policy() {
        return policy;
    }

    /** Sets the run's run count (a rerun out of a final state starts counting again). */
    public void setRunCount(int runCount) {
        run.runCount = runCount;
        runChanged();
    }

    /** Records the run count of the flow run when this task run started. */
    public void setFlowRunRunCount(int flowRunRunCount) {
        run.flowRunRunCount = flowRunRunCount;
        runChanged();
    }

    /** The task's flow run, read once per transition (several rules need it). */
    public Uni<ParentFlowRun> flowRun() {
        if (flowRun == null) {
            flowRun = store().flowRun(run.flowRunId).memoize().indefinitely();
        }
        return flowRun;
    }

    private Uni<ParentFlowRun> flowRun;

    /** The tag concurrency slot wait, in seconds, for WAIT answers (Prefect's default is 30). */
    public int slotWaitSeconds() {
        Object v = parameter(SLOT_WAIT_SECONDS);
        return v instanceof Integer i ? i : 30;
    }

    /** The orchestration parameter that carries the slot wait. */
    public static final String SLOT_WAIT_SECONDS = "task-run-tag-concurrency-slot-wait-seconds";
}
