package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /flows/} ({@code actions.FlowCreate}). */
public record FlowCreate(@JsonProperty(required = true) String name, List<String> tags) {

    public FlowCreate {
        Names.requireNoBannedCharacters("name", name);
        Limits.maxLength("name", name, Limits.TEXT);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
