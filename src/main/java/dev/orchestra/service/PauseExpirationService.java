package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.schemas.StateCreate;
import dev.orchestra.schemas.StateType;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fails paused flow runs whose pause timed out, as Prefect's pause-expiration service does: every few seconds,
 * each expired run is forced to FAILED ("The flow was paused and never resumed."), one transaction per run.
 * Unlike Prefect's loop, runs paused without a timeout are skipped rather than breaking the loop.
 */
@ApplicationScoped
public class PauseExpirationService {

    private static final Logger LOG = Logger.getLogger(PauseExpirationService.class);
    private static final int BATCH = 200;

    private final Pool pool;
    private final OrchestrationService orchestration;
    private final OrchestraClock clock;
    private final Vertx vertx;
    private final boolean enabled;
    private final double loopSeconds;
    private final AtomicBoolean running = new AtomicBoolean();

    public PauseExpirationService(Pool pool, OrchestrationService orchestration, OrchestraClock clock, Vertx vertx,
            @ConfigProperty(name = "orchestra.services.pause-expirations.enabled", defaultValue = "true")
            boolean enabled,
            @ConfigProperty(name = "orchestra.services.pause-expirations.loop-seconds", defaultValue = "5")
            double loopSeconds) {
        this.pool = pool;
        this.orchestration = orchestration;
        this.clock = clock;
        this.vertx = vertx;
        this.enabled = enabled;
        this.loopSeconds = loopSeconds;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        vertx.setPeriodic((long) (loopSeconds * 1000), id -> {
            if (running.compareAndSet(false, true)) {
                runOnce().onTermination().invoke(() -> running.set(false)).subscribe().with(
                        failed -> {
                            if (failed > 0) {
                                LOG.infof("Failed %d flow run(s) whose pause expired", failed);
                            }
                        },
                        error -> LOG.warn("Pause expiration check failed", error));
            }
        });
    }

    /** Fails every paused flow run whose pause timed out; answers how many. */
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
