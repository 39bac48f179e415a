package dev.orchestra.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import dev.orchestra.api.openapi.ContractFilter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @Extension(name = ContractFilter.NO_DATABASE, value = "false")
    @APIResponse(responseCode = "422", ref = "ValidationFailed")
    @Operation(operationId = "create_csrf_token_csrf_token_get", summary = "Create Csrf Token",
            description = "Answers as a server with CSRF protection disabled: a 422 saying so.")
    public Object token(@QueryParam("client") String client) {
        throw PrefectHttpException.unprocessable("CSRF protection is disabled.");
    }
}
