package dev.orchestra.orchestration;

import dev.orchestra.orchestration.policies.Policies;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.persistence.entity.RunEntity;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRunPolicy;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The orchestration store over plain maps, for engine and rule tests. It keeps rows as the PostgreSQL store
 * does: the validator's commit writes the state and the run columns the real statement writes, the run
 * updates write only their columns, and contexts are built from copies of the stored rows (as the locked
 * read does), so a test sees exactly what the engine persisted.
 */
final class MemoryStore implements OrchestrationStore {

    private record CacheEntry(String key, OffsetDateTime expiration, UUID stateId, long sequence) {
    }

    private final Map<UUID, FlowRunEntity> flowRuns = new HashMap<>();
    private final Map<UUID, FlowRunPolicy> flowPolicies = new HashMap<>();
    private final Map<UUID, TaskRunEntity> taskRuns = new HashMap<>();
    private final Map<UUID, TaskRunPolicy> taskPolicies = new HashMap<>();
    private final Map<UUID, State> currentStates = new HashMap<>();
    private final Map<UUID, List<State>> history = new HashMap<>();
    private final Map<UUID, State> taskRunStates = new HashMap<>();
    private final List<CacheEntry> cache = new ArrayList<>();
    private final Map<String, ConcurrencyLimitEntity> limits = new TreeMap<>();

    private record Place(SlotTicket ticket, OffsetDateTime expires) {
    }

    private final List<Place> places = new ArrayList<>();
    private final OrchestrationEngine engine = new OrchestrationEngine();
    private long sequence;
    private Throwable nextCommitFailure;
    /** What the store was asked to do, in order ("write", "update"), for tests of the engine's sequence. */
    final List<String> log = new ArrayList<>();

    // ---- test setup and inspection ----

    void putFlowRun(FlowRunEntity run, FlowRunPolicy policy) {
        flowRuns.put(run.id, copy(run));
        flowPolicies.put(run.id, policy);
    }

    void putTaskRun(TaskRunEntity run, TaskRunPolicy policy) {
        taskRuns.put(run.id, copy(run));
        taskPolicies.put(run.id, policy);
    }

    /** The stored flow run row (a copy). */
    FlowRunEntity flowRunRow(UUID id) {
        FlowRunEntity row = flowRuns.get(id);
        return row == null ? null : copy(row);
    }

    /** The stored task run row (a copy). */
    TaskRunEntity taskRunRow(UUID id) {
        TaskRunEntity row = taskRuns.get(id);
        return row == null ? null : copy(row);
    }

    FlowRunPolicy flowPolicy(UUID id) {
        return flowPolicies.get(id);
    }

    TaskRunPolicy taskPolicy(UUID id) {
        return taskPolicies.get(id);
    }

    /** Changes a stored flow run row, as another statement in the same transaction would. */
    void updateFlowRunRow(UUID id, Consumer<FlowRunEntity> change) {
        change.accept(flowRuns.get(id));
    }

    void updateTaskRunRow(UUID id, Consumer<TaskRunEntity> change) {
        change.accept(taskRuns.get(id));
    }

    void setFlowPolicy(UUID id, FlowRunPolicy policy) {
        flowPolicies.put(id, policy);
    }

    void setTaskPolicy(UUID id, TaskRunPolicy policy) {
        taskPolicies.put(id, policy);
    }

    void deleteFlowRun(UUID id) {
        flowRuns.remove(id);
    }

    State currentState(UUID runId) {
        return currentStates.get(runId);
    }

    List<State> states(UUID runId) {
        return List.copyOf(history.getOrDefault(runId, List.of()));
    }

    void createConcurrencyLimit(String tag, int limit) {
        ConcurrencyLimitEntity row = limits.get(tag);
        if (row == null) {
            row = new ConcurrencyLimitEntity();
            row.id = UUID.randomUUID();
            row.tag = tag;
            limits.put(tag, row);
        }
        row.concurrencyLimit = limit;
    }

    void deleteConcurrencyLimit(String tag) {
        limits.remove(tag);
    }

    List<String> slots(String tag) {
        return List.copyOf(limits.get(tag).activeSlots);
    }

    int cacheSize() {
        return cache.size();
    }

    /** The next commit of a state fails with this error (once). */
    void failNextCommit(Throwable error) {
        nextCommitFailure = error;
    }

    /** A flow run context on the stored row, as the service builds it after locking the row. */
    FlowOrchestrationContext flowContext(UUID id, State proposed, boolean force, Map<String, Object> parameters,
            OffsetDateTime now) {
        return new FlowOrchestrationContext(this, now, force, flowRunRow(id), flowPolicies.get(id),
                currentStates.get(id), proposed, parameters);
    }

    /** A task run context on the stored row. */
    TaskOrchestrationContext taskContext(UUID id, State proposed, boolean force, Map<String, Object> parameters,
            OffsetDateTime now) {
        return new TaskOrchestrationContext(this, now, force, taskRunRow(id), taskPolicies.get(id),
                currentStates.get(id), proposed, parameters);
    }

    /** Sets a flow run's state as the service does for a client: core or (forced) minimal policy, then bookkeeping. */
    FlowOrchestrationContext setFlowRunState(UUID id, State state, boolean force, Map<String, Object> parameters,
            OffsetDateTime now) {
        return engine.orchestrate(flowContext(id, state, force, parameters, now),
                force ? Policies.MINIMAL_FLOW : Policies.CORE_FLOW, Policies.GLOBAL_FLOW).await().indefinitely();
    }

    /** Sets a task run's state as the service does for a client. */
    TaskOrchestrationContext setTaskRunState(UUID id, State state, boolean force, Map<String, Object> parameters,
            OffsetDateTime now) {
        return engine.orchestrate(taskContext(id, state, force, parameters, now),
                force ? Policies.MINIMAL_TASK : Policies.CORE_TASK, Policies.GLOBAL_TASK).await().indefinitely();
    }

    // ---- OrchestrationStore ----

    @Override
    public Uni<ParentFlowRun> flowRun(UUID flowRunId) {
        FlowRunEntity row = flowRunId == null ? null : flowRuns.get(flowRunId);
        return Uni.createFrom().item(row == null ? null
                : new ParentFlowRun(row.id, row.runCount, currentStates.get(row.id)));
    }

    @Override
    public Uni<State> cachedState(String cacheKey, OffsetDateTime now) {
        CacheEntry newest = null;
        for (CacheEntry e : cache) {
            if (e.key().equals(cacheKey) && (e.expiration() == null || e.expiration().isAfter(now))
                    && (newest == null || e.sequence() > newest.sequence())) {
                newest = e;
            }
        }
        return Uni.createFrom().item(newest == null ? null : taskRunStates.get(newest.stateId()));
    }

    @Override
    public Uni<Void> cacheState(String cacheKey, OffsetDateTime expiration, UUID taskRunStateId,
            OffsetDateTime now) {
        cache.add(new CacheEntry(cacheKey, expiration, taskRunStateId, ++sequence));
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<ConcurrencyLimitEntity>> lockLimits(Collection<String> tags) {
        List<ConcurrencyLimitEntity> out = new ArrayList<>();
        for (ConcurrencyLimitEntity row : limits.values()) {
            if (tags.contains(row.tag)) {
                ConcurrencyLimitEntity copy = new ConcurrencyLimitEntity();
                copy.id = row.id;
                copy.tag = row.tag;
                copy.concurrencyLimit = row.concurrencyLimit;
                copy.activeSlots = new ArrayList<>(row.activeSlots);
                out.add(copy);
            }
        }
        return Uni.createFrom().item(out);
    }

    @Override
    public Uni<Void> setActiveSlots(UUID limitId, List<String> slots, OffsetDateTime now) {
        for (ConcurrencyLimitEntity row : limits.values()) {
            if (row.id.equals(limitId)) {
                row.activeSlots = new ArrayList<>(slots);
            }
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<List<SlotTicket>> slotTickets(Collection<String> tags, OffsetDateTime now) {
        places.removeIf(p -> tags.contains(p.ticket().tag()) && !p.expires().isAfter(now));
        List<SlotTicket> out = new ArrayList<>();
        places.forEach(p -> {
            if (tags.contains(p.ticket().tag())) {
                out.add(p.ticket());
            }
        });
        out.sort(java.util.Comparator.comparingLong(SlotTicket::seq));
        return Uni.createFrom().item(out);
    }

    @Override
    public Uni<Void> queueForSlots(UUID taskRunId, Collection<String> tags, OffsetDateTime now,
            OffsetDateTime expires) {
        long number = places.stream().filter(p -> p.ticket().taskRunId().equals(taskRunId))
                .mapToLong(p -> p.ticket().seq()).min().orElseGet(() -> ++sequence);
        for (String tag : new java.util.TreeSet<>(tags)) {
            int at = -1;
            for (int i = 0; i < places.size(); i++) {
                SlotTicket t = places.get(i).ticket();
                if (t.tag().equals(tag) && t.taskRunId().equals(taskRunId)) {
                    at = i;
                }
            }
            if (at >= 0) {
                places.set(at, new Place(places.get(at).ticket(), expires));
            } else {
                places.add(new Place(new SlotTicket(number, tag, taskRunId), expires));
            }
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> leaveSlotQueues(UUID taskRunId, boolean wake) {
        places.removeIf(p -> p.ticket().taskRunId().equals(taskRunId));
        log.add(wake ? "leave-queues-and-wake" : "leave-queues");
        return Uni.createFrom().voidItem();
    }

    /** The places in the slot queues, oldest first. */
    List<SlotTicket> slotQueue(String tag) {
        return places.stream().map(Place::ticket).filter(t -> t.tag().equals(tag))
                .sorted(java.util.Comparator.comparingLong(SlotTicket::seq)).toList();
    }

    @Override
    public Uni<Void> mirrorToParentTask(UUID parentTaskRunId, State state) {
        return engine.orchestrate(taskContext(parentTaskRunId, state, true, Map.of(), state.timestamp()),
                Policies.MINIMAL_TASK, Policies.GLOBAL_TASK).replaceWithVoid();
    }

    @Override
    public Uni<List<UUID>> failedTaskRuns(UUID flowRunId) {
        List<UUID> ids = new ArrayList<>();
        taskRuns.values().forEach(t -> {
            if (flowRunId.equals(t.flowRunId) && t.stateType == StateType.FAILED) {
                ids.add(t.id);
            }
        });
        return Uni.createFrom().item(ids);
    }

    @Override
    public Uni<Void> retryTaskRun(UUID taskRunId, State awaitingRetry) {
        return engine.orchestrate(taskContext(taskRunId, awaitingRetry, true, Map.of(), awaitingRetry.timestamp()),
                Policies.MINIMAL_TASK, Policies.GLOBAL_TASK)
                .invoke(() -> taskRuns.get(taskRunId).runCount = 0).replaceWithVoid();
    }

    @Override
    public Uni<Void> commitFlowRunState(FlowOrchestrationContext context, State state) {
        return Uni.createFrom().deferred(() -> {
            failIfAsked();
            FlowRunEntity row = flowRuns.get(context.run().id);
            copyCommittedColumns(context.run(), row, state);
            flowPolicies.put(row.id, context.policy());
            record(row.id, state);
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public Uni<Void> commitTaskRunState(TaskOrchestrationContext context, State state) {
        return Uni.createFrom().deferred(() -> {
            failIfAsked();
            TaskRunEntity row = taskRuns.get(context.run().id);
            copyCommittedColumns(context.run(), row, state);
            row.flowRunRunCount = context.run().flowRunRunCount;
            taskRunStates.put(state.id(), state);
            record(row.id, state);
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public Uni<Void> updateFlowRun(FlowOrchestrationContext context) {
        log.add("update");
        flowPolicies.put(context.run().id, context.policy());
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> updateTaskRun(TaskOrchestrationContext context) {
        log.add("update");
        TaskRunEntity row = taskRuns.get(context.run().id);
        row.runCount = context.run().runCount;
        row.flowRunRunCount = context.run().flowRunRunCount;
        return Uni.createFrom().voidItem();
    }

    private void failIfAsked() {
        Throwable failure = nextCommitFailure;
        if (failure != null) {
            nextCommitFailure = null;
            throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
        }
    }

    private void record(UUID runId, State state) {
        log.add("write");
        currentStates.put(runId, state);
        history.computeIfAbsent(runId, k -> new ArrayList<>()).add(state);
    }

    /** The run columns the single writer's UPDATE sets. */
    private static void copyCommittedColumns(RunEntity from,
            RunEntity to, State state) {
        to.stateType = state.type();
        to.stateName = state.name();
        to.stateTimestamp = state.timestamp();
        to.runCount = from.runCount;
        to.startTime = from.startTime;
        to.endTime = from.endTime;
        to.totalRunTime = from.totalRunTime;
        to.expectedStartTime = from.expectedStartTime;
        to.nextScheduledStartTime = from.nextScheduledStartTime;
        if (to instanceof FlowRunEntity f) {
            f.stateId = state.id();
        } else if (to instanceof TaskRunEntity t) {
            t.stateId = state.id();
        }
    }

    private static void copyRunColumns(RunEntity from,
            RunEntity to) {
        to.id = from.id;
        to.created = from.created;
        to.updated = from.updated;
        to.name = from.name;
        to.stateType = from.stateType;
        to.stateName = from.stateName;
        to.stateTimestamp = from.stateTimestamp;
        to.runCount = from.runCount;
        to.expectedStartTime = from.expectedStartTime;
        to.nextScheduledStartTime = from.nextScheduledStartTime;
        to.startTime = from.startTime;
        to.endTime = from.endTime;
        to.totalRunTime = from.totalRunTime;
    }

    static FlowRunEntity copy(FlowRunEntity from) {
        FlowRunEntity to = new FlowRunEntity();
        copyRunColumns(from, to);
        to.flowId = from.flowId;
        to.deploymentId = from.deploymentId;
        to.tags = new ArrayList<>(from.tags);
        to.infrastructurePid = from.infrastructurePid;
        to.parentTaskRunId = from.parentTaskRunId;
        to.stateId = from.stateId;
        to.empiricalPolicy = from.empiricalPolicy;
        return to;
    }

    static TaskRunEntity copy(TaskRunEntity from) {
        TaskRunEntity to = new TaskRunEntity();
        copyRunColumns(from, to);
        to.flowRunId = from.flowRunId;
        to.taskKey = from.taskKey;
        to.dynamicKey = from.dynamicKey;
        to.flowRunRunCount = from.flowRunRunCount;
        to.tags = new ArrayList<>(from.tags);
        to.stateId = from.stateId;
        to.empiricalPolicy = from.empiricalPolicy;
        return to;
    }
}
