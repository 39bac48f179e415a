package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** The body of {@code PATCH /flows/{id}} ({@code actions.FlowUpdate}); unset fields are left alone. */
public record FlowUpdate(@JsonSetter(nulls = Nulls.FAIL) List<String> tags) {
}
