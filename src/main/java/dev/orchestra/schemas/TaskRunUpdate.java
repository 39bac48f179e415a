package dev.orchestra.schemas;

/**
 * The body of {@code PATCH /task_runs/{id}} ({@code actions.TaskRunUpdate}); a null or empty name becomes a
 * generated one, as Prefect's name validator makes it.
 */
public record TaskRunUpdate(String name) {

    public TaskRunUpdate {
        Limits.maxLength("name", name, Limits.TEXT);
    }
}
