package dev.orchestra.schemas;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * {@code core.WorkQueueStatusDetail}: whether a work queue is healthy under the one health policy Prefect 2.14.21
 * applies to every queue (no late run, polled within the last 60 seconds).
 */
public record WorkQueueStatusDetail(boolean healthy, long lateRunsCount, OffsetDateTime lastPolled,
        HealthPolicy healthCheckPolicy) {

    /** {@code core.WorkQueueHealthPolicy}. */
    public record HealthPolicy(Integer maximumLateRuns, Integer maximumSecondsSinceLastPolled) {

        public static final HealthPolicy DEFAULT = new HealthPolicy(0, 60);

        /** Prefect's {@code evaluate_health_status}; whole seconds since the last poll, as pendulum counts them. */
        public boolean healthy(long lateRuns, OffsetDateTime lastPolled, OffsetDateTime now) {
            if (maximumLateRuns != null && lateRuns > maximumLateRuns) {
                return false;
            }
            if (maximumSecondsSinceLastPolled != null) {
                return lastPolled != null
                        && Duration.between(lastPolled, now).abs().getSeconds() <= maximumSecondsSinceLastPolled;
            }
            return true;
        }
    }
}
