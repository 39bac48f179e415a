package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /flow_runs/} ({@code actions.FlowRunCreate}); extra fields are rejected. */
public record FlowRunCreate(
        StateCreate state,
        String name,
        @JsonProperty(required = true) UUID flowId,
        String flowVersion,
        @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode parameters,
        @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode context,
        UUID parentTaskRunId,
        UUID infrastructureDocumentId,
        @JsonDeserialize(using = NotNull.class) FlowRunPolicy empiricalPolicy,
        @JsonDeserialize(using = NotNull.class) List<String> tags,
        String idempotencyKey,
        UUID deploymentId) {

    public FlowRunCreate {
        Objects.requireJsonObject("parameters", parameters);
        Objects.requireJsonObject("context", context);
        Limits.maxLength("name", name, Limits.TEXT);
        Limits.maxLength("flow_version", flowVersion, Limits.TEXT);
        Limits.maxLength("idempotency_key", idempotencyKey, Limits.TEXT);
    }
}
