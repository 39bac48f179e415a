package dev.orchestra.orchestration;

import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.TaskRunPolicy;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;
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

    /**
     * How long a refused run keeps its place in the slot queues of its full tags, in seconds; null when refused
     * runs do not queue (Prefect's behaviour: whoever asks first once a slot is free gets it).
     */
    public Integer slotQueuePlaceSeconds() {
        Object v = parameter(SLOT_QUEUE_PLACE_SECONDS);
        return v instanceof Integer i ? i : null;
    }

    /** The orchestration parameter that turns on the slot queues, and how long a place is kept. */
    public static final String SLOT_QUEUE_PLACE_SECONDS = "task-run-slot-queue-place-seconds";

    /** The tags whose full limits made this transition WAIT; empty when it did not wait for a slot. */
    public List<String> slotWaitTags() {
        return slotWaitTags;
    }

    /** Records that the transition waits for a slot on these tags. */
    public void waitForSlots(List<String> tags) {
        slotWaitTags = List.copyOf(tags);
    }

    private List<String> slotWaitTags = List.of();
}
