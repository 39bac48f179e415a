package dev.orchestra.schemas;

import java.util.List;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code PATCH /flows/{id}} ({@code actions.FlowUpdate}); unset fields are left alone. */
public record FlowUpdate(@JsonDeserialize(using = NotNull.class) List<String> tags) {
}
