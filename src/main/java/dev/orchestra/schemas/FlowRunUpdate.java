package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The body of {@code PATCH /flow_runs/{id}} ({@code actions.FlowRunUpdate}); only set fields change. */
public record FlowRunUpdate(
        String name,
        String flowVersion,
        @JsonSetter(nulls = Nulls.FAIL) JsonNode parameters,
        @JsonSetter(nulls = Nulls.FAIL) FlowRunPolicy empiricalPolicy,
        @JsonSetter(nulls = Nulls.FAIL) List<String> tags,
        String infrastructurePid) {

    public FlowRunUpdate {
        Objects.requireJsonObject("parameters", parameters);
        Limits.maxLength("name", name, Limits.TEXT);
        Limits.maxLength("flow_version", flowVersion, Limits.TEXT);
    }
}
