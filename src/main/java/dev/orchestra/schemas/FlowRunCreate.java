package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;

/** The body of {@code POST /flow_runs/} ({@code actions.FlowRunCreate}); extra fields are rejected. */
public record FlowRunCreate(
        StateCreate state,
        @JsonSetter(nulls = Nulls.FAIL) String name,
        @JsonProperty(required = true) UUID flowId,
        String flowVersion,
        @JsonSetter(nulls = Nulls.FAIL) JsonNode parameters,
        @JsonSetter(nulls = Nulls.FAIL) JsonNode context,
        UUID parentTaskRunId,
        UUID infrastructureDocumentId,
        @JsonSetter(nulls = Nulls.FAIL) FlowRunPolicy empiricalPolicy,
        @JsonSetter(nulls = Nulls.FAIL) List<String> tags,
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
