package dev.orchestra.schemas;

/** The body of {@code PATCH /task_runs/{id}} ({@code actions.TaskRunUpdate}). */
public record TaskRunUpdate(String name) {

    public TaskRunUpdate {
        Limits.maxLength("name", name, Limits.TEXT);
    }
}
