package dev.orchestra.service.background;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.persistence.MaintenanceRepository;
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
 * Fails paused flow runs whose pause timed out, as Prefect's pause-expiration service ({@code FailExpiredPauses})
 * does: every few seconds, each expired run is forced to FAILED ("The flow was paused and never resumed."), one
 * transaction per run.
 * Unlike Prefect's loop, runs paused without a timeout are skipped rather than breaking the loop.
 */
@ApplicationScoped
public class PauseExpirationService implements LoopService {

    static final int BATCH = 200;
    static final String MESSAGE = "The flow was paused and never resumed.";

    private final MaintenanceRepository repo;
    private final Pool pool;
    private final OrchestrationService orchestration;
    private final OrchestraClock clock;
    private final ServicesConfig.Loop config;

    public PauseExpirationService(MaintenanceRepository repo, Pool pool, OrchestrationService orchestration,
            OrchestraClock clock, ServicesConfig services) {
        this.repo = repo;
        this.pool = pool;
        this.orchestration = orchestration;
        this.clock = clock;
        this.config = services.pauseExpirations();
    }

    @Override
    public String name() {
        return "FailExpiredPauses";
    }

    @Override
    public ServicesConfig.Loop settings() {
        return config;
    }

    /** Fails every paused flow run whose pause timed out; answers how many. */
    @Override
    public Uni<Integer> runOnce() {
        OffsetDateTime now = clock.now();
        return Batches.count(BATCH, after -> repo.expiredPauses(pool, now, after, BATCH), id -> id, this::fail);
    }

    private Uni<Boolean> fail(UUID flowRunId) {
        StateCreate failed = new StateCreate(StateType.FAILED, null, MESSAGE, null, null, null, null);
        return orchestration.setFlowRunState(flowRunId, failed, true, Map.of()).replaceWith(true);
    }
}
