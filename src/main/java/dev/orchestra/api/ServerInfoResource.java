package dev.orchestra.api;

import dev.orchestra.schemas.ServerInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The server's own version and build commit (Prefect's {@code /admin/version} keeps answering Prefect's version,
 * which clients check). The commit comes from {@code git.properties}, written by the build.
 */
@Path("/api/server-info")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class ServerInfoResource {

    static final String BUILD_PROPERTIES = "git.properties";

    private final ServerInfo info;

    public ServerInfoResource(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        Properties git = load();
        this.info = new ServerInfo(name, version, git.getProperty("git.commit.id.full"),
                git.getProperty("git.commit.time"),
                RootResource.PREFECT_VERSION, RootResource.API_VERSION);
    }

    @GET
    @Operation(operationId = "read_server_info_server_info_get", summary = "Read Server Info",
            description = "This server's own name, version and the git commit it was built from (not part of"
                    + " Prefect's API; Prefect's version is at /admin/version).")
    @APIResponse(responseCode = "200", description = "Successful Response",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ServerInfo.class)))
    public ServerInfo serverInfo() {
        return info;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ServerInfoResource.class.getClassLoader().getResourceAsStream(BUILD_PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
