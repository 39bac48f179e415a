package dev.orchestra.api;

import com.fasterxml.jackson.databind.node.TextNode;
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

    @GET
    @Path("/health")
    @Operation(operationId = "health_check_health_get", summary = "Health Check")
    public boolean health() {
        return true;
    }

    @GET
    @Path("/version")
    @Operation(operationId = "orion_info_version_get", summary = "Orion Info")
    @APIResponse(responseCode = "200", description = "Successful Response",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.STRING)))
    public TextNode version() {
        return TextNode.valueOf(API_VERSION);
    }

    @GET
    @Path("/hello")
    @Operation(operationId = "hello_hello_get", summary = "Hello", description = "Say hello!")
    @APIResponse(responseCode = "200", description = "Successful Response",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.STRING)))
    public TextNode hello() {
        return TextNode.valueOf("\uD83D\uDC4B");
    }

    @GET
    @Path("/admin/version")
    @Tag(name = "Admin")
    @Operation(operationId = "read_version_admin_version_get", summary = "Read Version",
            description = "Returns the Prefect version number")
    @APIResponse(responseCode = "200", description = "Successful Response",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.STRING)))
    public TextNode adminVersion() {
        return TextNode.valueOf(PREFECT_VERSION);
    }
}
