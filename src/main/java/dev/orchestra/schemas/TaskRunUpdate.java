package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** The body of {@code PATCH /task_runs/{id}} ({@code actions.TaskRunUpdate}). */
public record TaskRunUpdate(@JsonDeserialize(using = NotNull.class) String name) {

    public TaskRunUpdate {
        Limits.maxLength("name", name, Limits.TEXT);
    }
}
