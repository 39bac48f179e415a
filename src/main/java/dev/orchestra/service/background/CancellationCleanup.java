package dev.orchestra.service.background;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.persistence.FlowRunRepository;
import dev.orchestra.persistence.MaintenanceRepository;
import dev.orchestra.persistence.MaintenanceRepository.Subflow;
import dev.orchestra.persistence.TaskRunRepository;
import dev.orchestra.schemas.StateCreate;
import dev.orchestra.schemas.StateType;
import dev.orchestra.service.OrchestrationService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Prefect's {@code CancellationCleanup}: the unfinished task runs of flow runs cancelled within the last day are
 * forced to CANCELLED, and the unfinished subflow runs of cancelled flow runs are set CANCELLED (CANCELLING when
 * they run from a deployment, so their worker stops them), both with the minimal policy as Prefect's model calls do
 * and the message "The parent flow run was cancelled.". Runs are read a page at a time after the last id seen, so a pass ends however many runs were
 * cancelled (Prefect 2.14.21 re-reads its first page forever once 200 flow runs were cancelled within a day).
 */
@ApplicationScoped
public class CancellationCleanup implements LoopService {

    static final int BATCH = 200;
    static final String MESSAGE = "The parent flow run was cancelled.";

    private final MaintenanceRepository repo;
    private final TaskRunRepository taskRuns;
    private final FlowRunRepository flowRuns;
    private final OrchestrationService orchestration;
    private final Pool pool;
    private final OrchestraClock clock;
    private final ServicesConfig.Loop config;

    public CancellationCleanup(MaintenanceRepository repo, TaskRunRepository taskRuns, FlowRunRepository flowRuns,
            OrchestrationService orchestration, Pool pool, OrchestraClock clock, ServicesConfig services) {
        this.repo = repo;
        this.taskRuns = taskRuns;
        this.flowRuns = flowRuns;
        this.orchestration = orchestration;
        this.pool = pool;
        this.clock = clock;
        this.config = services.cancellationCleanup();
    }

    @Override
    public String name() {
        return "CancellationCleanup";
    }

    @Override
    public ServicesConfig.Loop settings() {
        return config;
    }

    /** Cancels the children of cancelled flow runs; answers how many runs changed. */
    @Override
    public Uni<Integer> runOnce() {
        OffsetDateTime since = clock.now().minusDays(1);
        return Batches.count(BATCH, after -> repo.taskRunsOfCancelledFlowRuns(pool, since, after, BATCH), id -> id,
                this::cancelTaskRun)
                .chain(tasks -> Batches.count(BATCH, after -> repo.subflowsOfCancelledFlowRuns(pool, after, BATCH),
                        Subflow::id, this::cancelSubflow).map(subflows -> tasks + subflows));
    }

    /** Forces a task run to CANCELLED unless it finished meanwhile. */
    private Uni<Boolean> cancelTaskRun(UUID id) {
        return pool.withTransaction(conn -> taskRuns.lock(conn, id).chain(row -> {
            if (row == null || row.run().stateType == null || row.run().stateType.isFinal()) {
                return Uni.createFrom().item(false);
            }
            OffsetDateTime now = clock.now();
            return orchestration.taskRunTransition(conn, row, cancelled(StateType.CANCELLED).toState(now), true,
                    Map.of(), now).map(ctx -> ctx.stateWritten());
        }));
    }

    /**
     * Sets a subflow run CANCELLED (CANCELLING for a deployment's run), with the minimal policy as Prefect's model
     * call does, unless it finished meanwhile.
     */
    private Uni<Boolean> cancelSubflow(Subflow s) {
        StateType type = s.deploymentId() != null ? StateType.CANCELLING : StateType.CANCELLED;
        return pool.withTransaction(conn -> flowRuns.lock(conn, s.id()).chain(row -> {
            if (row == null || row.run().stateType == null || row.run().stateType.isFinal()) {
                return Uni.createFrom().item(false);
            }
            OffsetDateTime now = clock.now();
            return orchestration.flowRunTransition(conn, row, cancelled(type).toState(now), true, Map.of(), now)
                    .map(ctx -> ctx.stateWritten());
        }));
    }

    private static StateCreate cancelled(StateType type) {
        return new StateCreate(type, null, MESSAGE, null, null, null, null);
    }
}
