package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /flows/} ({@code actions.FlowCreate}). */
public record FlowCreate(@JsonSetter(nulls = Nulls.FAIL) @JsonProperty(required = true) String name, @JsonSetter(nulls = Nulls.FAIL) List<String> tags) {

    public FlowCreate {
        Names.requireNoBannedCharacters("name", name);
        Limits.maxLength("name", name, Limits.TEXT);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
