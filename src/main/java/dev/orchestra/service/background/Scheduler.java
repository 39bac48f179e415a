package dev.orchestra.service.background;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.config.Timestamps;
import dev.orchestra.persistence.ScheduledRunsRepository;
import dev.orchestra.service.DeploymentScheduling;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Prefect's {@code Scheduler}: every {@code loop-seconds} (60 by default), the deployments with an active schedule
 * that have fewer than {@code min-runs} future auto-scheduled runs, or none as far ahead as
 * {@code min-scheduled-time}, get their next runs.
 */
@Singleton
public class Scheduler extends DeploymentSchedulerLoop {

    public Scheduler(ScheduledRunsRepository repo, DeploymentScheduling scheduling, Pool pool, OrchestraClock clock,
            ServicesConfig services) {
        super(repo, scheduling, pool, clock, services);
    }

    @Override
    public String name() {
        return "Scheduler";
    }

    @Override
    public double loopSeconds() {
        return config.loopSeconds();
    }

    @Override
    Uni<List<UUID>> deployments(OffsetDateTime now, UUID afterId, int batch) {
        OffsetDateTime horizon = now.plus(Timestamps.duration(config.minScheduledTimeSeconds()));
        return repo.deploymentsToSchedule(pool, now, config.minRuns(), horizon, afterId, batch);
    }
}
