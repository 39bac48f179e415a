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
 * Prefect's {@code RecentDeploymentsScheduler}: every few seconds (5 by default), the deployments with an active
 * schedule updated within the last loop and one second more get their runs, so a new or changed deployment has its
 * first runs within seconds rather than at the main scheduler's next pass.
 */
@Singleton
public class RecentDeploymentsScheduler extends DeploymentSchedulerLoop {

    public RecentDeploymentsScheduler(ScheduledRunsRepository repo, DeploymentScheduling scheduling, Pool pool,
            OrchestraClock clock, ServicesConfig services) {
        super(repo, scheduling, pool, clock, services);
    }

    @Override
    public String name() {
        return "RecentDeploymentsScheduler";
    }

    @Override
    public double loopSeconds() {
        return config.recentDeploymentsLoopSeconds();
    }

    @Override
    Uni<List<UUID>> deployments(OffsetDateTime now, UUID afterId, int batch) {
        OffsetDateTime since = now.minus(Timestamps.duration(loopSeconds() + 1));
        return repo.recentlyUpdatedDeployments(pool, since, afterId, batch);
    }
}
