package dev.orchestra.service;

import dev.orchestra.api.PrefectHttpException;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationEngine;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.orchestration.policies.Policies;
import dev.orchestra.persistence.FlowRunRepository;
import dev.orchestra.persistence.PgOrchestrationStore;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.TaskRunRepository;
import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateCreate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.UUID;

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

    public OrchestrationService(Pool pool, FlowRunRepository flowRuns, TaskRunRepository taskRuns,
            OrchestrationEngine engine, OrchestraClock clock,
            @ConfigProperty(name = "orchestra.task-run-tag-concurrency-slot-wait-seconds", defaultValue = "30")
            int slotWaitSeconds) {
        this.pool = pool;
        this.flowRuns = flowRuns;
        this.taskRuns = taskRuns;
        this.engine = engine;
        this.clock = clock;
        this.slotWaitSeconds = slotWaitSeconds;
    }

    public Uni<Outcome> setFlowRunState(UUID id, StateCreate state, boolean force, Map<String, Object> parameters) {
        return pool.withTransaction(conn -> {
            OffsetDateTime now = clock.now();
            return flowRunTransition(conn, id, state.toState(now), force, parameters, now)
                    .map(ctx -> new Outcome(OrchestrationEngine.result(ctx), ctx.stateWritten()));
        });
    }

    public Uni<Outcome> setTaskRunState(UUID id, StateCreate state, boolean force, Map<String, Object> parameters) {
        return pool.withTransaction(conn -> {
            OffsetDateTime now = clock.now();
            return taskRunTransition(conn, id, state.toState(now), force, parameters, now)
                    .map(ctx -> new Outcome(OrchestrationEngine.result(ctx), ctx.stateWritten()));
        });
    }

    /** A flow run transition on the caller's connection (its transaction). */
    public Uni<FlowOrchestrationContext> flowRunTransition(SqlClient conn, UUID id, State proposed, boolean force,
            Map<String, Object> parameters, OffsetDateTime now) {
        return flowRuns.lock(conn, id)
                .onItem().ifNull().failWith(() -> PrefectHttpException.objectNotFound(
                        "Flow run with id " + id + " not found"))
                .chain(row -> {
                    FlowOrchestrationContext ctx = new FlowOrchestrationContext(store(conn), now, force, row.run(),
                            RunMapper.flowPolicy(row.run().empiricalPolicy), RunMapper.state(row.state()), proposed,
                            parameters);
                    return engine.orchestrate(ctx, force ? Policies.MINIMAL_FLOW : Policies.CORE_FLOW,
                            Policies.GLOBAL_FLOW, c -> {
                                stripResultKeys(c);
                                return c.store().commitFlowRunState(c, c.proposedState());
                            }, c -> c.store().updateFlowRun(c));
                });
    }

    /** A task run transition on the caller's connection (its transaction). */
    public Uni<TaskOrchestrationContext> taskRunTransition(SqlClient conn, UUID id, State proposed, boolean force,
            Map<String, Object> parameters, OffsetDateTime now) {
        return taskRuns.lock(conn, id)
                .onItem().ifNull().failWith(() -> PrefectHttpException.objectNotFound(
                        "Task run with id " + id + " not found"))
                .chain(row -> {
                    Map<String, Object> params = new HashMap<>(parameters);
                    params.put(TaskOrchestrationContext.SLOT_WAIT_SECONDS, slotWaitSeconds);
                    TaskOrchestrationContext ctx = new TaskOrchestrationContext(store(conn), now, force, row.run(),
                            RunMapper.taskPolicy(row.run().empiricalPolicy), RunMapper.state(row.state()), proposed,
                            params);
                    return engine.orchestrate(ctx, force ? Policies.MINIMAL_TASK : Policies.CORE_TASK,
                            Policies.GLOBAL_TASK, c -> {
                                stripResultKeys(c);
                                return c.store().commitTaskRunState(c, c.proposedState());
                            }, c -> c.store().updateTaskRun(c));
                });
    }

    private PgOrchestrationStore store(SqlClient conn) {
        return new PgOrchestrationStore(conn, flowRuns, taskRuns, (taskRunId, state) ->
                taskRunTransition(conn, taskRunId, state, true, Map.of(), clock.now()).replaceWithVoid());
    }

    private static void stripResultKeys(dev.orchestra.orchestration.OrchestrationContext c) {
        State proposed = c.proposedState();
        if (proposed.data() != null) {
            c.replaceProposedState(proposed.withData(PgOrchestrationStore.resultData(proposed.data())));
        }
    }
}
