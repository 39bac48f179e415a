package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PATCH /flow_runs/{id}} ({@code actions.FlowRunUpdate}); only set fields change. */
public record FlowRunUpdate(
        String name,
        String flowVersion,
        @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode parameters,
        @JsonDeserialize(using = NotNull.class) FlowRunPolicy empiricalPolicy,
        @JsonDeserialize(using = NotNull.class) List<String> tags,
        String infrastructurePid) {

    public FlowRunUpdate {
        Objects.requireJsonObject("parameters", parameters);
        Limits.maxLength("name", name, Limits.TEXT);
        Limits.maxLength("flow_version", flowVersion, Limits.TEXT);
    }
}
