package dev.orchestra.config;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: can the database be reached? Checked on a connection of its own, outside the request
 * pool, with a one-second limit: the stock check queues for a pooled connection, so a server whose pool is
 * busy with slow statements would not answer its probe at all. A busy pool is not a dead database.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final Duration LIMIT = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final PgConnectOptions options;

    public DatabaseReadiness(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        PgConnectOptions connect = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(connect::setUser);
        password.ifPresent(connect::setPassword);
        connect.setConnectTimeout((int) LIMIT.toMillis());
        this.options = connect;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return PgConnection.connect(vertx, options)
                .chain(conn -> conn.query("SELECT 1").execute().eventually(conn::close))
                .map(rows -> HealthCheckResponse.up("database"))
                .ifNoItem().after(LIMIT).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("database").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
