package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.schemas.StateCreate;
import dev.orchestra.schemas.StateType;
import dev.orchestra.service.background.LoopService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
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

    private static final int BATCH = 200;

    private final Pool pool;
    private final OrchestrationService orchestration;
    private final OrchestraClock clock;
    private final ServicesConfig.Loop config;

    public PauseExpirationService(Pool pool, OrchestrationService orchestration, OrchestraClock clock,
            ServicesConfig services) {
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
    public boolean enabled() {
        return config.enabled();
    }

    @Override
    public double loopSeconds() {
        return config.loopSeconds();
    }

    /** Fails every paused flow run whose pause timed out; answers how many. */
    @Override
    public Uni<Integer> runOnce() {
        return expired().chain(ids -> {
            if (ids.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            return Multi.createFrom().iterable(ids)
                    .onItem().transformToUniAndConcatenate(this::fail)
                    .collect().asList()
                    .chain(done -> ids.size() < BATCH ? Uni.createFrom().item(done.size())
                            : runOnce().map(more -> done.size() + more));
        });
    }

    private Uni<List<UUID>> expired() {
        return pool.preparedQuery("SELECT r.id FROM flow_run r JOIN flow_run_state s ON s.id = r.state_id"
                + " WHERE r.state_type = 'PAUSED' AND s.state_details->>'pause_timeout' IS NOT NULL"
                + " AND (s.state_details->>'pause_timeout')::timestamptz < $1 ORDER BY r.id LIMIT " + BATCH)
                .execute(Tuple.of(clock.now()))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }

    private Uni<Boolean> fail(UUID flowRunId) {
        StateCreate failed = new StateCreate(StateType.FAILED, null, "The flow was paused and never resumed.", null,
                null, null, null);
        return orchestration.setFlowRunState(flowRunId, failed, true, Map.of()).replaceWith(true);
    }
}
