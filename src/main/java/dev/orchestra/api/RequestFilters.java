package dev.orchestra.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.schemas.ValidationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Request-wide checks: the {@code X-PREFECT-API-VERSION} header (absent is fine; malformed or older than
 * 0.8.0 is a 400, as Prefect's API dependency answers), keeping the raw body so a 422 can echo it, and the
 * input no route should see (duplicated keys, NUL characters, oversized filter lists: {@link BodyScan}).
 */
public class RequestFilters {

    static final int[] MINIMUM_API_VERSION = {0, 8, 0};
    static final String HEADER = "X-PREFECT-API-VERSION";

    private final ObjectMapper mapper;

    public RequestFilters(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Keeps the raw body (a 422 echoes it), rewrites duplicated keys as Python reads them and rejects NUL
     * characters (see {@link BodyScan}). Only a body the framework has already buffered is read: a GET or DELETE
     * that declares a JSON body has none to bind, and reading it here would block the event loop.
     */
    @ServerRequestFilter(readBody = true)
    public void keepBody(ResteasyReactiveContainerRequestContext ctx) throws IOException {
        if (!(ctx.getServerRequestContext() instanceof ResteasyReactiveRequestContext request
                && request.hasInputStream())) {
            return;
        }
        byte[] bytes = ctx.getEntityStream().readAllBytes();
        ctx.setProperty(ErrorMappers.RAW_BODY, bytes);
        if (bytes.length > 0 && ctx.getProperty(ErrorMappers.BODY_NOT_JSON) != null) {
            // FastAPI hands the raw bytes to the model, which is not a dict
            throw ValidationException.of(List.of("body"), "value is not a valid dict", "type_error.dict");
        }
        byte[] body = bytes.length == 0 ? bytes : BodyScan.normalise(mapper, bytes);
        ctx.setProperty(ErrorMappers.RAW_BODY, body);
        ctx.setEntityStream(new ByteArrayInputStream(body));
    }

    /** Path and query parameters are text PostgreSQL will be asked to compare: a NUL character is a 422. */
    @ServerRequestFilter
    public void rejectNulInParameters(ContainerRequestContext ctx) {
        UriInfo uri = ctx.getUriInfo();
        uri.getPathParameters().forEach((name, values) -> BodyScan.requireNoNul("path", name, values));
        uri.getQueryParameters().forEach((name, values) -> BodyScan.requireNoNul("query", name, values));
    }

    /**
     * A body is read as JSON when it says it is JSON ({@code application/json} or {@code application/*+json})
     * or says nothing, as FastAPI's routes do; a body of any other type is a 422 (an absent body means
     * "no filters").
     */
    @ServerRequestFilter(preMatching = true)
    public void defaultContentType(ContainerRequestContext ctx) {
        String method = ctx.getMethod();
        boolean hasBody = "POST".equals(method) || "PATCH".equals(method) || "PUT".equals(method);
        String type = ctx.getHeaderString("Content-Type");
        if (hasBody && !isJson(type)) {
            if (type != null && !type.isBlank()) {
                ctx.setProperty(ErrorMappers.BODY_NOT_JSON, Boolean.TRUE);
            }
            ctx.getHeaders().putSingle("Content-Type", "application/json");
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    @ServerRequestFilter(preMatching = true)
    public void checkApiVersion(ContainerRequestContext ctx) {
        String version = ctx.getHeaderString(HEADER);
        if (version == null || version.isEmpty()) {
            return;
        }
        if (versionCheckExempt(ctx.getUriInfo().getPath())) {
            return;
        }
        int[] parsed = parse(version);
        if (parsed == null) {
            throw PrefectHttpException.badRequest("Invalid X-PREFECT-API-VERSION header format."
                    + "Expected header in format 'x.y.z' but received " + version);
        }
        if (compare(parsed, MINIMUM_API_VERSION) < 0) {
            throw PrefectHttpException.badRequest("The request specified API version " + version
                    + " but this server requires version 0.8.0 or higher.");
        }
    }

    /** The routes Prefect answers whatever the client's API version (its health and version probes). */
    public static boolean versionCheckExempt(String path) {
        return path.endsWith("/health") || path.endsWith("/version") && !path.contains("/admin/");
    }

    static int[] parse(String version) {
        String[] parts = version.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }
}
