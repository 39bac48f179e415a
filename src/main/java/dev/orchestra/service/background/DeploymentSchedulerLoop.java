package dev.orchestra.service.background;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.config.Timestamps;
import dev.orchestra.persistence.ScheduledRunsRepository;
import dev.orchestra.service.DeploymentScheduling;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What Prefect's two schedulers share: pages of deployments to schedule, by id, and for each one, in its own
 * transaction, its runs from now until both {@code min_runs} runs and {@code min_scheduled_time} are covered (within
 * {@code max_runs} and {@code max_scheduled_time}). Runs already there are kept (their idempotency keys), so a pass
 * that repeats another one, here or on another instance, inserts nothing. A deployment whose schedule cannot be
 * expanded is logged and skipped.
 */
abstract class DeploymentSchedulerLoop implements LoopService {

    private static final Logger LOG = Logger.getLogger(DeploymentSchedulerLoop.class);

    protected final ScheduledRunsRepository repo;
    protected final ServicesConfig.Scheduler config;
    private final DeploymentScheduling scheduling;
    protected final Pool pool;
    protected final OrchestraClock clock;

    DeploymentSchedulerLoop(ScheduledRunsRepository repo, DeploymentScheduling scheduling, Pool pool,
            OrchestraClock clock, ServicesConfig services) {
        this.repo = repo;
        this.scheduling = scheduling;
        this.pool = pool;
        this.clock = clock;
        this.config = services.scheduler();
    }

    /** The next page of deployments to schedule, after {@code afterId} (null: from the start). */
    abstract Uni<List<UUID>> deployments(OffsetDateTime now, UUID afterId, int batch);

    @Override
    public ServicesConfig.Loop settings() {
        return config;
    }

    /** Schedules every deployment due; answers how many runs were inserted. */
    @Override
    public Uni<Integer> runOnce() {
        int batch = Math.max(1, config.deploymentBatchSize());
        return Batches.sum(batch, after -> deployments(clock.now(), after, batch), id -> id, this::schedule);
    }

    private Uni<Integer> schedule(UUID deploymentId) {
        OffsetDateTime now = clock.now();
        Duration minTime = Timestamps.duration(config.minScheduledTimeSeconds());
        OffsetDateTime end = now.plus(Timestamps.duration(config.maxScheduledTimeSeconds()));
        return pool.withTransaction(conn -> scheduling.scheduleRuns(conn, deploymentId, now, end, minTime,
                config.minRuns(), config.maxRuns(), true, now))
                .map(List::size)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("%s: error scheduling deployment %s: %s", name(), deploymentId, e.toString());
                    return 0;
                });
    }
}
