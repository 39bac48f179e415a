package dev.orchestra.config;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: can the database be reached? Checked on a connection of its own (a pool of one, kept
 * open, reopened when lost), outside the request pool, with a limit under a second: the stock check queues for a
 * pooled connection, so a server whose pool is busy with slow statements would not answer its probe at all. A
 * busy pool is not a dead database.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final Duration LIMIT = Duration.ofMillis(800);

    private final Pool probe;

    public DatabaseReadiness(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        if (url.isEmpty()) {
            // no database configured: the datasource fails the start with its own explanation
            // (config.StartupErrorFilter); this check must not fail it first with a bare config error
            this.probe = null;
            return;
        }
        PgConnectOptions connect = PgConnectOptions.fromUri(url.get().replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(connect::setUser);
        password.ifPresent(connect::setPassword);
        connect.setConnectTimeout((int) LIMIT.toMillis());
        this.probe = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(connect).using(vertx)
                .build();
    }

    @PreDestroy
    void close() {
        if (probe != null) {
            probe.closeAndAwait();
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (probe == null) {
            return Uni.createFrom().item(HealthCheckResponse.named("database").down()
                    .withData("error", "no database configured").build());
        }
        return probe.query("SELECT 1").execute()
                .map(rows -> HealthCheckResponse.up("database"))
                .ifNoItem().after(LIMIT).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("database").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
