package dev.orchestra.schemas;

import java.util.List;

/** The body of {@code PATCH /flows/{id}} ({@code actions.FlowUpdate}); unset fields are left alone. */
public record FlowUpdate(List<String> tags) {
}
