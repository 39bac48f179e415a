package dev.orchestra.api;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestra.api.openapi.ContractFilter;
import dev.orchestra.schemas.Message;
import dev.orchestra.service.ReadinessService;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Prefect's root routes: health, hello and the version probes. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Root")
public class RootResource {

    /** The Prefect server version this server is compatible with. */
    public static final String PREFECT_VERSION = "2.14.21";
    /** The REST API version Prefect 2.14.21 reports ({@code SERVER_API_VERSION}). */
    public static final String API_VERSION = "0.8.4";

    private final ReadinessService readiness;
    private final WarmUp warmUp;

    public RootResource(ReadinessService readiness, WarmUp warmUp) {
        this.readiness = readiness;
        this.warmUp = warmUp;
    }

    @GET
    @Path("/health")
    @Extension(name = ContractFilter.NO_DATABASE, value = "false")
    @Operation(operationId = "health_check_health_get", summary = "Health Check",
            description = "Answers true while the server runs.")
    public boolean health() {
        return true;
    }

    @GET
    @Path("/version")
    @Extension(name = ContractFilter.NO_DATABASE, value = "false")
    @Operation(operationId = "orion_info_version_get", summary = "Orion Info",
            description = "The REST API version this server speaks.")
    @APIResponse(responseCode = "200", description = "Successful Response",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.STRING)))
    public TextNode version() {
        return TextNode.valueOf(API_VERSION);
    }

    @GET
    @Path("/hello")
    @Extension(name = ContractFilter.NO_DATABASE, value = "false")
    @Operation(operationId = "hello_hello_get", summary = "Hello",
            description = "Answers a waving hand.")
    @APIResponse(responseCode = "200", description = "Successful Response",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.STRING)))
    public TextNode hello() {
        return TextNode.valueOf("\uD83D\uDC4B");
    }

    @GET
    @Path("/admin/version")
    @Tag(name = "Admin")
    @Extension(name = ContractFilter.NO_DATABASE, value = "false")
    @Operation(operationId = "read_version_admin_version_get", summary = "Read Version",
            description = "The Prefect server version this server is compatible with.")
    @APIResponse(responseCode = "200", description = "Successful Response",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.STRING)))
    public TextNode adminVersion() {
        return TextNode.valueOf(PREFECT_VERSION);
    }

    @GET
    @Path("/ready")
    @Operation(operationId = "perform_readiness_check_ready_get", summary = "Perform Readiness Check",
            description = "Answers 200 when the database can be reached, 503 when it cannot or while the server"
                    + " warms up.")
    @APIResponse(responseCode = "200", description = "Ready.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Message.class)))
    @APIResponse(responseCode = "503", description = "The database cannot be reached, or the server is warming up.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Message.class)))
    public Uni<RestResponse<Message>> ready() {
        if (!warmUp.finished()) {
            return Uni.createFrom().item(RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE,
                    new Message("Warming up")));
        }
        return readiness.ready().map(ok -> ok ? RestResponse.ok(new Message("OK"))
                : RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE, new Message("Database is not available")));
    }
}
