package dev.orchestra.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.NotFound;
import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationEngine;
import dev.orchestra.orchestration.ParentFlowRun;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.orchestration.policies.Policies;
import dev.orchestra.persistence.FlowRunInputRepository;
import dev.orchestra.persistence.FlowRunRepository;
import dev.orchestra.persistence.PgOrchestrationStore;
import dev.orchestra.persistence.Rows.FlowRunRow;
import dev.orchestra.persistence.Rows.TaskRunRow;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.TaskRunRepository;
import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateCreate;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateResponseDetails;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs state transitions through the engine: one transaction and one connection per request, the run row
 * locked from the first statement ({@code SELECT ... FOR UPDATE}) until commit.
 */
@ApplicationScoped
public class OrchestrationService {

    /** An orchestration's answer, and whether it wrote a new state (201) or not (200). */
    public record Outcome(OrchestrationResult result, boolean stateWritten) {
    }

    private final Pool pool;
    private final FlowRunRepository flowRuns;
    private final TaskRunRepository taskRuns;
    private final OrchestrationEngine engine;
    private final OrchestraClock clock;
    private final int slotWaitSeconds;
    private final FlowRunInputRepository runInputs;
    private final SlotWaiters slotWaiters;

    public OrchestrationService(Pool pool, FlowRunRepository flowRuns, TaskRunRepository taskRuns,
            OrchestrationEngine engine, OrchestraClock clock, FlowRunInputRepository runInputs,
            SlotWaiters slotWaiters,
            @ConfigProperty(name = "orchestra.task-run-tag-concurrency-slot-wait-seconds", defaultValue = "30")
            int slotWaitSeconds) {
        this.pool = pool;
        this.flowRuns = flowRuns;
        this.taskRuns = taskRuns;
        this.engine = engine;
        this.clock = clock;
        this.slotWaitSeconds = slotWaitSeconds;
        this.runInputs = runInputs;
        this.slotWaiters = slotWaiters;
    }

    /**
     * The time of a transition is taken once the run's row is locked: transitions of one run are serialised by
     * that lock, so their states get strictly increasing timestamps (two concurrent requests stamped before
     * the lock could share a microsecond, which the unique (run, timestamp) index of the states refuses).
     */
    public Uni<Outcome> setFlowRunState(UUID id, StateCreate state, boolean force, Map<String, Object> parameters) {
        return pool.withTransaction(conn -> flowRuns.lock(conn, id)
                .onItem().ifNull().failWith(() -> NotFound.inModel(
                        "Flow run with id " + id + " not found"))
                .chain(row -> {
                    OffsetDateTime now = clock.now();
                    return flowRunTransition(conn, row, state.toState(now), force, parameters, now);
                })
                .map(ctx -> new Outcome(OrchestrationEngine.result(ctx), ctx.stateWritten())));
    }

    /**
     * As for flow runs; the lock also reads the task's flow run, which the rules of a start need. With slot waiters
     * on, a run refused a tag concurrency slot is not answered at once: its answer is held, and the transition tried
     * again (each try its own transaction) as slots are released, until it is admitted or the hold ends.
     */
    public Uni<Outcome> setTaskRunState(UUID id, StateCreate state, boolean force, Map<String, Object> parameters) {
        if (!slotWaiters.enabled() || force) {
            return trySetTaskRunState(id, state, force, parameters).map(TaskTry::outcome);
        }
        return slotWaiters.hold(id, () -> trySetTaskRunState(id, state, force, parameters), TaskTry::slotWaitTags)
                .map(TaskTry::outcome);
    }

    /** One try of a task run's set_state, and the tags whose full limits made it WAIT (empty if none did). */
    private record TaskTry(Outcome outcome, List<String> slotWaitTags) {
    }

    private Uni<TaskTry> trySetTaskRunState(UUID id, StateCreate state, boolean force,
            Map<String, Object> parameters) {
        return pool.withTransaction(conn -> taskRuns.lockWithFlowRun(conn, id)
                .onItem().ifNull().failWith(() -> NotFound.inModel(
                        "Task run with id " + id + " not found"))
                .chain(locked -> {
                    OffsetDateTime now = clock.now();
                    return taskRunTransition(store(conn, locked.flowRun()), locked.row(), state.toState(now), force,
                            parameters, now);
                })
                .map(ctx -> new TaskTry(new Outcome(OrchestrationEngine.result(ctx), ctx.stateWritten()),
                        ctx.slotWaitTags())));
    }

    /**
     * Resumes a paused flow run: RUNNING, or SCHEDULED "Resuming" for a pause that reschedules. When the pause
     * asked for input, the input is checked against the stored schema and kept under the response key.
     */
    public Uni<Outcome> resumeFlowRun(UUID id, JsonNode runInput, Map<String, Object> parameters) {
        return pool.withTransaction(conn -> flowRuns.lock(conn, id)
                .onItem().ifNull().failWith(() -> new NotFound("Flow run not found"))
                .chain(row -> {
                    OffsetDateTime now = clock.now();
                    State current = RunMapper.state(row.state());
                    if (current == null || current.type() != StateType.PAUSED) {
                        return Uni.createFrom().item(new Outcome(new OrchestrationResult(null, SetStateStatus.ABORT,
                                new StateResponseDetails.Abort("Cannot resume a flow run that is not paused.")), false));
                    }
                    Map<String, String> keyset = current.stateDetails().runInputKeyset();
                    boolean hasKeyset = keyset != null && !keyset.isEmpty();
                    JsonNode input = runInput == null || runInput.isNull() ? JsonNodeFactory.instance.objectNode()
                            : runInput;
                    Uni<String> check = hasKeyset ? runInputs.checkInput(conn, id, keyset.get("schema"), input)
                            : Uni.createFrom().nullItem();
                    return check.chain(rejection -> {
                        if (rejection != null) {
                            return Uni.createFrom().item(new Outcome(new OrchestrationResult(current,
                                    SetStateStatus.REJECT, new StateResponseDetails.Abort(rejection)), false));
                        }
                        State resumed = Boolean.TRUE.equals(current.stateDetails().pauseReschedule())
                                ? State.of(StateType.SCHEDULED, "Resuming", now)
                                        .withDetails(StateDetails.EMPTY.withScheduledTime(now))
                                : State.of(StateType.RUNNING, null, now);
                        return flowRunTransition(conn, id, resumed, false, parameters, now).chain(ctx -> {
                            Outcome outcome = new Outcome(OrchestrationEngine.result(ctx), ctx.stateWritten());
                            if (hasKeyset && runInput != null && !runInput.isNull()
                                    && ctx.responseStatus() == SetStateStatus.ACCEPT) {
                                return runInputs.insert(conn, id, keyset.get("response"), RunMapper.write(runInput),
                                        null, now).replaceWith(outcome);
                            }
                            return Uni.createFrom().item(outcome);
                        });
                    });
                }));
    }

    /** A flow run transition on the caller's connection (its transaction). */
    public Uni<FlowOrchestrationContext> flowRunTransition(SqlClient conn, UUID id, State proposed, boolean force,
            Map<String, Object> parameters, OffsetDateTime now) {
        return flowRuns.lock(conn, id)
                .onItem().ifNull().failWith(() -> NotFound.inModel(
                        "Flow run with id " + id + " not found"))
                .chain(row -> flowRunTransition(conn, row, proposed, force, parameters, now));
    }

    /**
     * A flow run transition of a row the caller's transaction already holds locked and knows whole, such as one
     * it has just inserted (no lock to take, nothing to read).
     */
    public Uni<FlowOrchestrationContext> flowRunTransition(SqlClient conn, FlowRunRow row, State proposed,
            boolean force, Map<String, Object> parameters, OffsetDateTime now) {
        FlowOrchestrationContext ctx = new FlowOrchestrationContext(store(conn), now, force, row.run(),
                RunMapper.flowPolicy(row.run().empiricalPolicy), RunMapper.state(row.state()), proposed, parameters);
        return engine.orchestrate(ctx, force ? Policies.MINIMAL_FLOW : Policies.CORE_FLOW, Policies.GLOBAL_FLOW);
    }

    /** A task run transition on the caller's connection (its transaction). */
    public Uni<TaskOrchestrationContext> taskRunTransition(SqlClient conn, UUID id, State proposed, boolean force,
            Map<String, Object> parameters, OffsetDateTime now) {
        return taskRuns.lock(conn, id)
                .onItem().ifNull().failWith(() -> NotFound.inModel(
                        "Task run with id " + id + " not found"))
                .chain(row -> taskRunTransition(conn, row, proposed, force, parameters, now));
    }

    /** As {@link #flowRunTransition(SqlClient, FlowRunRow, State, boolean, Map, OffsetDateTime)}, for a task run. */
    public Uni<TaskOrchestrationContext> taskRunTransition(SqlClient conn, TaskRunRow row, State proposed,
            boolean force, Map<String, Object> parameters, OffsetDateTime now) {
        return taskRunTransition(store(conn, null), row, proposed, force, parameters, now);
    }

    private Uni<TaskOrchestrationContext> taskRunTransition(PgOrchestrationStore store, TaskRunRow row,
            State proposed, boolean force, Map<String, Object> parameters, OffsetDateTime now) {
        Map<String, Object> params = new HashMap<>(parameters);
        params.put(TaskOrchestrationContext.SLOT_WAIT_SECONDS, slotWaiters.waitSeconds(slotWaitSeconds));
        if (slotWaiters.enabled()) {
            params.put(TaskOrchestrationContext.SLOT_QUEUE_PLACE_SECONDS, slotWaiters.placeSeconds());
        }
        TaskOrchestrationContext ctx = new TaskOrchestrationContext(store, now, force, row.run(),
                RunMapper.taskPolicy(row.run().empiricalPolicy), RunMapper.state(row.state()), proposed, params);
        return engine.orchestrate(ctx, force ? Policies.MINIMAL_TASK : Policies.CORE_TASK, Policies.GLOBAL_TASK);
    }

    private PgOrchestrationStore store(SqlClient conn) {
        return store(conn, null);
    }

    private PgOrchestrationStore store(SqlClient conn, ParentFlowRun knownFlowRun) {
        return new PgOrchestrationStore(conn, flowRuns, taskRuns, (taskRunId, state) ->
                taskRunTransition(conn, taskRunId, state, true, Map.of(), clock.now()).replaceWithVoid(),
                knownFlowRun);
    }

}
