package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/** The body of {@code PATCH /task_runs/{id}} ({@code actions.TaskRunUpdate}). */
public record TaskRunUpdate(@JsonSetter(nulls = Nulls.FAIL) String name) {

    public TaskRunUpdate {
        Limits.maxLength("name", name, Limits.TEXT);
    }
}
