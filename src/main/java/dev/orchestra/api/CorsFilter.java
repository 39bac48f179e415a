package dev.orchestra.api;

import dev.orchestra.config.HttpEdgeConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CORS as Prefect's server answers it (Starlette's CORS middleware with every origin, method and header allowed):
 * {@code Access-Control-Allow-Origin: *} on responses to a request that names its origin, and preflights answered
 * here, before routing and authentication. With a list of origins instead of {@code *}, an allowed origin is
 * echoed with {@code Vary: Origin} and other origins get no CORS headers (a preflight from one: 400).
 */
public final class CorsFilter {

    static final String ALLOWED_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";
    private static final Set<String> METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");
    private static final String MAX_AGE_SECONDS = "600";

    private final boolean anyOrigin;
    private final Set<String> origins;

    public CorsFilter(HttpEdgeConfig config) {
        List<String> allowed = config.cors().allowedOrigins();
        this.anyOrigin = allowed.contains("*");
        this.origins = Set.copyOf(allowed);
    }

    public void handle(RoutingContext ctx) {
        MultiMap headers = ctx.request().headers();
        String origin = headers.get(HttpHeaders.ORIGIN);
        if (origin == null) {
            ctx.next();
            return;
        }
        String requestedMethod = headers.get(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (ctx.request().method() == HttpMethod.OPTIONS && requestedMethod != null) {
            preflight(ctx, origin, requestedMethod, headers.get(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS));
            return;
        }
        MultiMap response = ctx.response().headers();
        if (anyOrigin && !headers.contains(HttpHeaders.COOKIE)) {
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else if (allowed(origin)) {
            // a request with cookies, or an origin from the list, gets its own origin back
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.add(HttpHeaders.VARY, "Origin");
        }
        ctx.next();
    }

    private void preflight(RoutingContext ctx, String origin, String method, String requestedHeaders) {
        MultiMap response = ctx.response().headers();
        List<String> failures = new ArrayList<>();
        if (anyOrigin) {
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            response.set(HttpHeaders.VARY, "Origin");
            if (allowed(origin)) {
                response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            } else {
                failures.add("origin");
            }
        }
        response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        response.set(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        if (requestedHeaders != null) {
            response.set(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
        }
        if (!METHODS.contains(method)) {
            failures.add("method");
        }
        response.set(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (failures.isEmpty()) {
            ctx.response().setStatusCode(200).end("OK");
        } else {
            ctx.response().setStatusCode(400).end("Disallowed CORS " + String.join(", ", failures));
        }
    }

    private boolean allowed(String origin) {
        return anyOrigin || origins.contains(origin);
    }
}
