package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code POST /flows/} ({@code actions.FlowCreate}). */
public record FlowCreate(@JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String name, @JsonDeserialize(using = NotNull.class) List<String> tags) {

    public FlowCreate {
        Names.requireNoBannedCharacters("name", name);
        Limits.maxLength("name", name, Limits.TEXT);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
