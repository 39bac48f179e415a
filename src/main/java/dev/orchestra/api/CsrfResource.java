package dev.orchestra.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/csrf-token} as a Prefect server with CSRF protection disabled answers it, so clients from
 * 2.16 on (which ask for a token first) carry on without one.
 */
@Path("/api/csrf-token")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Root")
public class CsrfResource {

    @GET
    @Operation(operationId = "create_csrf_token_csrf_token_get", summary = "Create Csrf Token")
    public Object token(@QueryParam("client") String client) {
        throw PrefectHttpException.unprocessable("CSRF protection is disabled.");
    }
}
