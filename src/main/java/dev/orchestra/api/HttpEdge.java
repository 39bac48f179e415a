package dev.orchestra.api;

import dev.orchestra.config.AuthConfig;
import dev.orchestra.config.HttpEdgeConfig;
import dev.orchestra.persistence.pool.RequestStatements;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Installs the HTTP edge in front of every route: CORS first (preflights are answered before anything asks for
 * credentials, as Prefect's outermost middleware does), then the optional API authentication, then the tracking
 * of the request's database statements (cancelled when the client goes away); and the deadline that closes
 * connections the server has nothing to answer on.
 */
@Singleton
public class HttpEdge implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** Filters with a higher priority run first; both run before any route. */
    static final int CORS_PRIORITY = 2000;
    static final int AUTH_PRIORITY = 1900;
    static final int STATEMENTS_PRIORITY = 1800;

    private final HttpEdgeConfig http;
    private final AuthConfig auth;
    private final WarmUp warmUp;

    public HttpEdge(HttpEdgeConfig http, AuthConfig auth, WarmUp warmUp) {
        this.http = http;
        this.auth = auth;
        this.warmUp = warmUp;
    }

    void register(@Observes Filters filters) {
        filters.register(new CorsFilter(http)::handle, CORS_PRIORITY);
        ApiAuthFilter.of(auth).ifPresentOrElse(filter -> {
            LOG.infof("API authentication on: %s accepted", filter.describe());
            filters.register(filter::handle, AUTH_PRIORITY);
        }, () -> LOG.debug("API authentication off"));
        filters.register(this::trackStatements, STATEMENTS_PRIORITY);
    }

    /**
     * Lets the request's database statements be cancelled when its client goes away before the answer (the end
     * handler then reports a failure: the connection closed). A request of the warm-up runs its statements in the
     * warm-up's rolled-back session.
     */
    private void trackStatements(RoutingContext rc) {
        RequestStatements statements = RequestStatements.open(warmUp.session(rc.request().getHeader(WarmUp.HEADER)));
        rc.addEndHandler(end -> statements.ended(end.failed()));
        rc.next();
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        applyRequestTimeout(options);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        applyRequestTimeout(options);
    }

    /**
     * The request timeout is Vert.x's write-idle timeout: a connection is closed when nothing was written to it for
     * that long. The idle timeout ({@code quarkus.http.idle-timeout}) already ends a request head trickled in byte
     * by byte (Vert.x counts a connection's reads once a whole head or body chunk is decoded), but body chunks
     * reset it: the request timeout ends a trickled body, and a request not answered in time. All timeouts are put
     * in milliseconds, the unit they share.
     */
    private void applyRequestTimeout(HttpServerOptions options) {
        TimeUnit unit = options.getIdleTimeoutUnit();
        options.setIdleTimeout(millis(unit, options.getIdleTimeout()));
        options.setReadIdleTimeout(millis(unit, options.getReadIdleTimeout()));
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        options.setWriteIdleTimeout((int) Math.min(Integer.MAX_VALUE, http.requestTimeout().toMillis()));
    }

    private static int millis(TimeUnit unit, int value) {
        return (int) Math.min(Integer.MAX_VALUE, unit.toMillis(value));
    }
}
