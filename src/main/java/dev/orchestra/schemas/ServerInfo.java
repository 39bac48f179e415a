package dev.orchestra.schemas;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** This server's own build, next to the Prefect versions it answers as. */
@Schema(name = "ServerInfo", description = "The server's own name, version and build commit")
public record ServerInfo(
        @Schema(description = "The server's name", example = "orchestra-server") String name,
        @Schema(description = "The server's own version", example = "0.1.0") String version,
        @Schema(description = "The git commit it was built from; null when built outside a git checkout",
                nullable = true) String commit,
        @Schema(description = "That commit's time (ISO 8601)", nullable = true) String commitTime,
        @Schema(description = "The Prefect server version this server is compatible with", example = "2.14.21")
        String prefectVersion,
        @Schema(description = "The Prefect REST API version it serves", example = "0.8.4") String apiVersion) {
}
