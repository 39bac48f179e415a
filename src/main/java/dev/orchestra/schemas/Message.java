package dev.orchestra.schemas;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A one-field answer, as Prefect's readiness check writes it. */
@Schema(name = "ReadinessMessage", description = "The readiness check's answer.")
public record Message(@Schema(description = "\"OK\", or why the server is not ready.", required = true) String message) {
}
