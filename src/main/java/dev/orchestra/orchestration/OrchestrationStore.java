package dev.orchestra.orchestration;

import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Everything rules and the validator need from the database, on the transition's own connection and
 * transaction. Rules reach the database only through these named operations.
 */
public interface OrchestrationStore {

    /** The flow run a task run belongs to, with its run count and current state; null if there is none. */
    Uni<ParentFlowRun> flowRun(UUID flowRunId);

    /** The newest unexpired COMPLETED state cached under the key, or null. */
    Uni<State> cachedState(String cacheKey, OffsetDateTime now);

    /** Caches a validated state under its key until its expiration (null: forever). */
    Uni<Void> cacheState(String cacheKey, OffsetDateTime expiration, UUID taskRunStateId, OffsetDateTime now);

    /** The tag limits on these tags, their rows locked for the rest of the transaction, in tag order. */
    Uni<List<ConcurrencyLimitEntity>> lockLimits(Collection<String> tags);

    /** Replaces a limit's active slots. */
    Uni<Void> setActiveSlots(UUID limitId, List<String> slots, OffsetDateTime now);

    /**
     * The live places in the slot queues of these tags, oldest first; places that lapsed before {@code now} are
     * dropped. Called with the tags' limit rows locked.
     */
    Uni<List<SlotTicket>> slotTickets(Collection<String> tags, OffsetDateTime now);

    /** Takes the task run's place in the queue of each tag, or keeps the place it has there until {@code expires}. */
    Uni<Void> queueForSlots(UUID taskRunId, Collection<String> tags, OffsetDateTime now, OffsetDateTime expires);

    /**
     * The task run leaves every slot queue it is in. With {@code wake}, the waiters behind it on those tags are
     * told at commit (a run that leaves because it took its slots needn't wake anyone).
     */
    Uni<Void> leaveSlotQueues(UUID taskRunId, boolean wake);

    /** Gives a subflow's parent task run the same state (forced, as Prefect's UpdateSubflowParentTask does). */
    Uni<Void> mirrorToParentTask(UUID parentTaskRunId, State state);

    /** The task runs of a flow run whose current state is FAILED. */
    Uni<List<UUID>> failedTaskRuns(UUID flowRunId);

    /**
     * Forces a task run into an AwaitingRetry state (minimal policy and bookkeeping) and resets its run count:
     * a flow run retry of a client older than API 0.8.3 reruns its failed tasks this way.
     */
    Uni<Void> retryTaskRun(UUID taskRunId, State awaitingRetry);

    /** The single writer: inserts the flow run's validated state and updates the run row, in one statement. */
    Uni<Void> commitFlowRunState(FlowOrchestrationContext context, State state);

    /** The single writer for task runs. */
    Uni<Void> commitTaskRunState(TaskOrchestrationContext context, State state);

    /** Writes the run fields after-transition hooks may change (policy) once more. */
    Uni<Void> updateFlowRun(FlowOrchestrationContext context);

    /** Writes the run fields after-transition hooks may change (run counts) once more. */
    Uni<Void> updateTaskRun(TaskOrchestrationContext context);
}
