package dev.orchestra.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The background services ({@code orchestra.services.*}), after Prefect's {@code PREFECT_API_SERVICES_*} settings,
 * which {@code application.properties} accepts as aliases. Times are in seconds.
 */
@ConfigMapping(prefix = "orchestra.services")
public interface ServicesConfig {

    Scheduler scheduler();

    LateRuns lateRuns();

    Loop cancellationCleanup();

    Loop pauseExpirations();

    Leadership leadership();

    /** A loop service: whether it runs, and how often. */
    interface Loop {
        boolean enabled();

        double loopSeconds();
    }

    /** The Scheduler and RecentDeploymentsScheduler, and the bounds of the {@code schedule} route. */
    interface Scheduler extends Loop {
        /** The RecentDeploymentsScheduler's loop (Prefect: 5 s, not configurable there). */
        @WithDefault("5")
        double recentDeploymentsLoopSeconds();

        int deploymentBatchSize();

        int maxRuns();

        int minRuns();

        double maxScheduledTimeSeconds();

        double minScheduledTimeSeconds();

        int insertBatchSize();
    }

    /** MarkLateRuns. */
    interface LateRuns extends Loop {
        double afterSeconds();
    }

    /** Who runs the services when several instances share the database. */
    interface Leadership {
        /** How often an instance tries to take the services nobody holds, and checks its own hold. */
        @WithDefault("2")
        double checkSeconds();
    }
}
