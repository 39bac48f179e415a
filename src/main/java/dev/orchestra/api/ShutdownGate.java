package dev.orchestra.api;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Graceful shutdown, the part Quarkus leaves open. On SIGTERM Quarkus reports readiness DOWN and keeps serving
 * for {@code quarkus.shutdown.delay} (Kubernetes takes the pod out of its Service meanwhile), then waits up to
 * {@code quarkus.shutdown.timeout} for the requests in flight; but during that wait it still serves new
 * requests. From the end of the delay on, this gate answers every new API request 503 with {@code Retry-After}
 * and {@code Connection: close}, as the error mappers answer a retryable failure, so the client retries on
 * another replica; requests already in flight finish. Health endpoints ({@code /q/...}) stay answered.
 */
@Singleton
public class ShutdownGate {

    private final Duration delay;
    private volatile long refuseFromNanos = Long.MAX_VALUE;

    ShutdownGate(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.delay = delay.orElse(Duration.ZERO);
    }

    void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFromNanos = System.nanoTime() + delay.toNanos();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            if (refuseFromNanos == Long.MAX_VALUE || System.nanoTime() - refuseFromNanos < 0
                    || rc.normalizedPath().startsWith("/q/")) {
                rc.next();
                return;
            }
            rc.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("Retry-After", "1").putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .end("{\"exception_message\":\"Service Unavailable\"}");
        });
    }
}
