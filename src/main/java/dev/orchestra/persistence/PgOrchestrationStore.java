package dev.orchestra.persistence;

import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.persistence.entity.FlowRunStateEntity;
import dev.orchestra.persistence.entity.StateEntity;
import dev.orchestra.persistence.entity.TaskRunStateEntity;
import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationStore;
import dev.orchestra.orchestration.ParentFlowRun;
import dev.orchestra.orchestration.SlotTicket;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The orchestration store on one connection and its transaction: every operation a rule or the validator
 * performs runs here, in sequence, with the run row already locked by the caller.
 */
public final class PgOrchestrationStore implements OrchestrationStore {

    private final SqlClient conn;
    private final FlowRunRepository flowRuns;
    private final TaskRunRepository taskRuns;
    private final BiFunction<UUID, State, Uni<Void>> forceTaskRunState;

    private final ParentFlowRun knownFlowRun;

    public PgOrchestrationStore(SqlClient conn, FlowRunRepository flowRuns, TaskRunRepository taskRuns,
            BiFunction<UUID, State, Uni<Void>> forceTaskRunState) {
        this(conn, flowRuns, taskRuns, forceTaskRunState, null);
    }

    /** A store that already knows a flow run (read with the task run's lock), so {@link #flowRun} needn't ask. */
    public PgOrchestrationStore(SqlClient conn, FlowRunRepository flowRuns, TaskRunRepository taskRuns,
            BiFunction<UUID, State, Uni<Void>> forceTaskRunState, ParentFlowRun knownFlowRun) {
        this.conn = conn;
        this.flowRuns = flowRuns;
        this.taskRuns = taskRuns;
        this.forceTaskRunState = forceTaskRunState;
        this.knownFlowRun = knownFlowRun;
    }

    @Override
    public Uni<ParentFlowRun> flowRun(UUID flowRunId) {
        if (flowRunId == null) {
            return Uni.createFrom().nullItem();
        }
        if (knownFlowRun != null && knownFlowRun.id().equals(flowRunId)) {
            return Uni.createFrom().item(knownFlowRun);
        }
        return flowRuns.read(conn, flowRunId).map(row -> row == null ? null
                : new ParentFlowRun(row.run().id, row.run().runCount, RunMapper.state(row.state())));
    }

    @Override
    public Uni<State> cachedState(String cacheKey, OffsetDateTime now) {
        return conn.preparedQuery("SELECT s.id, s.created, s.updated, s.type::text AS type, s.timestamp, s.name,"
                + " s.message, s.state_details::text AS state_details, s.data::text AS data, s.task_run_id"
                + " FROM task_run_state s WHERE s.id = (SELECT c.task_run_state_id FROM task_run_state_cache c"
                + " WHERE c.cache_key = $1 AND (c.cache_expiration IS NULL OR c.cache_expiration > $2)"
                + " ORDER BY c.created DESC LIMIT 1)")
                .execute(Tuple.of(cacheKey, now))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? RunMapper.state(StateRepository.map(it.next(), new TaskRunStateEntity()))
                            : null;
                });
    }

    @Override
    public Uni<Void> cacheState(String cacheKey, OffsetDateTime expiration, UUID taskRunStateId,
            OffsetDateTime now) {
        return conn.preparedQuery("INSERT INTO task_run_state_cache (id, created, updated, cache_key,"
                + " cache_expiration, task_run_state_id) VALUES ($1, $2, $2, $3, $4, $5)")
                .execute(Tuple.of(UUID.randomUUID(), now, cacheKey, expiration, taskRunStateId)).replaceWithVoid();
    }

    @Override
    public Uni<List<ConcurrencyLimitEntity>> lockLimits(Collection<String> tags) {
        if (tags.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("SELECT id, tag, concurrency_limit, active_slots::text AS active_slots"
                + " FROM concurrency_limit WHERE tag = ANY($1) ORDER BY tag FOR UPDATE")
                .execute(Tuple.of(tags.toArray(new String[0])))
                .map(rows -> {
                    List<ConcurrencyLimitEntity> out = new ArrayList<>();
                    rows.forEach(row -> {
                        ConcurrencyLimitEntity e = new ConcurrencyLimitEntity();
                        e.id = row.getUUID("id");
                        e.tag = row.getString("tag");
                        e.concurrencyLimit = row.getInteger("concurrency_limit");
                        e.activeSlots = new dev.orchestra.persistence.convert.StringListJson()
                                .convertToEntityAttribute(row.getString("active_slots"));
                        out.add(e);
                    });
                    return out;
                });
    }

    @Override
    public Uni<Void> setActiveSlots(UUID limitId, List<String> slots, OffsetDateTime now) {
        return conn.preparedQuery("UPDATE concurrency_limit SET active_slots = $1::text::jsonb, updated = $2"
                + " WHERE id = $3").execute(Tuple.of(JsonColumns.write(slots), now, limitId)).replaceWithVoid();
    }

    @Override
    public Uni<List<SlotTicket>> slotTickets(Collection<String> tags, OffsetDateTime now) {
        return conn.preparedQuery("WITH lapsed AS (DELETE FROM concurrency_slot_waiter WHERE tag = ANY($1)"
                + " AND expires <= $2) SELECT seq, tag, task_run_id FROM concurrency_slot_waiter"
                + " WHERE tag = ANY($1) AND expires > $2 ORDER BY seq, tag")
                .execute(Tuple.of(tags.toArray(new String[0]), now))
                .map(rows -> {
                    List<SlotTicket> out = new ArrayList<>();
                    rows.forEach(row -> out.add(new SlotTicket(row.getLong("seq"), row.getString("tag"),
                            row.getUUID("task_run_id"))));
                    return out;
                });
    }

    @Override
    public Uni<Void> queueForSlots(UUID taskRunId, Collection<String> tags, OffsetDateTime now,
            OffsetDateTime expires) {
        // the run's number: the one its other places have, or a new one
        return conn.preparedQuery("WITH n AS (SELECT COALESCE((SELECT min(seq) FROM concurrency_slot_waiter"
                + " WHERE task_run_id = $2), nextval('concurrency_slot_waiter_seq')) AS seq)"
                + " INSERT INTO concurrency_slot_waiter (tag, task_run_id, seq, created, expires)"
                + " SELECT t, $2, n.seq, $3, $4 FROM unnest($1::varchar[]) AS t, n ORDER BY t"
                + " ON CONFLICT (tag, task_run_id) DO UPDATE SET expires = excluded.expires")
                .execute(Tuple.of(tags.toArray(new String[0]), taskRunId, now, expires)).replaceWithVoid();
    }

    @Override
    public Uni<Void> leaveSlotQueues(UUID taskRunId, boolean wake) {
        return SlotQueues.leave(conn, taskRunId, wake);
    }

    @Override
    public Uni<Void> mirrorToParentTask(UUID parentTaskRunId, State state) {
        return forceTaskRunState.apply(parentTaskRunId, state);
    }

    @Override
    public Uni<List<UUID>> failedTaskRuns(UUID flowRunId) {
        return conn.preparedQuery("SELECT id FROM task_run WHERE flow_run_id = $1 AND state_type = 'FAILED'")
                .execute(Tuple.of(flowRunId))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    @Override
    public Uni<Void> retryTaskRun(UUID taskRunId, State awaitingRetry) {
        return forceTaskRunState.apply(taskRunId, awaitingRetry)
                .chain(() -> conn.preparedQuery("UPDATE task_run SET run_count = 0 WHERE id = $1")
                        .execute(Tuple.of(taskRunId)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> commitFlowRunState(FlowOrchestrationContext context, State state) {
        FlowRunEntity run = context.run();
        run.empiricalPolicy = RunMapper.write(context.policy());
        return flowRuns.commitState(conn, run, entity(state, new FlowRunStateEntity()), context.now());
    }

    @Override
    public Uni<Void> commitTaskRunState(TaskOrchestrationContext context, State state) {
        return taskRuns.commitState(conn, context.run(), entity(state, new TaskRunStateEntity()), context.now());
    }

    @Override
    public Uni<Void> updateFlowRun(FlowOrchestrationContext context) {
        String policy = RunMapper.write(context.policy());
        return conn.preparedQuery("UPDATE flow_run SET empirical_policy = $1::text::jsonb WHERE id = $2")
                .execute(Tuple.of(policy, context.run().id)).invoke(() -> context.run().empiricalPolicy = policy)
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> updateTaskRun(TaskOrchestrationContext context) {
        return conn.preparedQuery("UPDATE task_run SET run_count = $1, flow_run_run_count = $2 WHERE id = $3")
                .execute(Tuple.of(context.run().runCount, context.run().flowRunRunCount, context.run().id))
                .replaceWithVoid();
    }

    /** The state as a row. */
    private static <S extends StateEntity> S entity(State state, S e) {
        e.id = state.id();
        e.type = state.type();
        e.timestamp = state.timestamp();
        e.name = state.name();
        e.message = state.message();
        e.stateDetails = RunMapper.write(state.stateDetails());
        e.data = state.data() == null || state.data().isNull() ? null : RunMapper.write(state.data());
        return e;
    }

}
