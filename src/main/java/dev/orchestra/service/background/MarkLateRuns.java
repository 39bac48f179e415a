package dev.orchestra.service.background;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.config.Timestamps;
import dev.orchestra.persistence.FlowRunRepository;
import dev.orchestra.persistence.MaintenanceRepository;
import dev.orchestra.persistence.MaintenanceRepository.Due;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateType;
import dev.orchestra.service.OrchestrationService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Prefect's {@code MarkLateRuns}: SCHEDULED runs still named "Scheduled" more than {@code after-seconds} past their
 * scheduled start become {@code Late} (still SCHEDULED, so workers and runners take them), forced through
 * orchestration. Unlike Prefect, the run is locked and checked again before the change, so a run a worker has just
 * moved on is left alone.
 */
@ApplicationScoped
public class MarkLateRuns implements LoopService {

    static final int BATCH = 400;

    private final MaintenanceRepository repo;
    private final FlowRunRepository flowRuns;
    private final OrchestrationService orchestration;
    private final Pool pool;
    private final OrchestraClock clock;
    private final ServicesConfig.LateRuns config;

    public MarkLateRuns(MaintenanceRepository repo, FlowRunRepository flowRuns, OrchestrationService orchestration,
            Pool pool, OrchestraClock clock, ServicesConfig services) {
        this.repo = repo;
        this.flowRuns = flowRuns;
        this.orchestration = orchestration;
        this.pool = pool;
        this.clock = clock;
        this.config = services.lateRuns();
    }

    @Override
    public String name() {
        return "MarkLateRuns";
    }

    @Override
    public ServicesConfig.Loop settings() {
        return config;
    }

    /** Marks the late runs; answers how many. */
    @Override
    public Uni<Integer> runOnce() {
        return markLate(Timestamps.duration(config.afterSeconds()));
    }

    /** Marks the runs more than {@code after} late; answers how many. */
    public Uni<Integer> markLate(Duration after) {
        OffsetDateTime before = clock.now().minus(after);
        return Batches.count(BATCH, afterId -> repo.lateRuns(pool, before, afterId, BATCH), Due::id, this::markLate);
    }

    private Uni<Boolean> markLate(Due run) {
        return pool.withTransaction(conn -> flowRuns.lock(conn, run.id()).chain(row -> {
            if (row == null || row.run().stateType != StateType.SCHEDULED
                    || !"Scheduled".equals(row.run().stateName)) {
                return Uni.createFrom().item(false);
            }
            OffsetDateTime now = clock.now();
            State late = new State(UUID.randomUUID(), StateType.SCHEDULED, "Late", now, null, null,
                    StateDetails.EMPTY.withScheduledTime(run.nextScheduledStartTime()));
            return orchestration.flowRunTransition(conn, row, late, true, Map.of(), now)
                    .map(ctx -> ctx.stateWritten());
        }));
    }
}
