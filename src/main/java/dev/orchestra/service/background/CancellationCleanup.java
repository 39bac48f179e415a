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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

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
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public double loopSeconds() {
        return config.loopSeconds();
    }

    /** Cancels the children of cancelled flow runs; answers how many runs changed. */
    @Override
    public Uni<Integer> runOnce() {
        OffsetDateTime since = clock.now().minusDays(1);
        return pages(after -> repo.taskRunsOfCancelledFlowRuns(pool, since, after, BATCH), id -> id,
                this::cancelTaskRun, null, 0)
                .chain(tasks -> pages(after -> repo.subflowsOfCancelledFlowRuns(pool, after, BATCH), Subflow::id,
                        this::cancelSubflow, null, tasks));
    }

    private <T> Uni<Integer> pages(Function<UUID, Uni<List<T>>> read, Function<T, UUID> id,
            Function<T, Uni<Boolean>> act, UUID afterId, int changed) {
        return read.apply(afterId).chain(items -> {
            if (items.isEmpty()) {
                return Uni.createFrom().item(changed);
            }
            return Multi.createFrom().iterable(items).onItem().<Boolean>transformToUniAndConcatenate(act::apply)
                    .collect().with(java.util.stream.Collectors.summingInt((Boolean b) -> b ? 1 : 0))
                    .chain(n -> items.size() < BATCH ? Uni.createFrom().item(changed + n)
                            : pages(read, id, act, id.apply(items.get(items.size() - 1)), changed + n));
        });
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
