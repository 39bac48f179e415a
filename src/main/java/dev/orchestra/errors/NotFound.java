package dev.orchestra.errors;

/**
 * The object a request names does not exist. {@link #inModel()} tells a lookup made deep in an operation
 * (Prefect's {@code ObjectNotFoundError}, reported under {@code exception_message}) from a route's own check
 * (reported under {@code detail}).
 */
public final class NotFound extends DomainError {

    private final boolean inModel;

    public NotFound(String message) {
        this(message, false);
    }

    private NotFound(String message, boolean inModel) {
        super(message);
        this.inModel = inModel;
    }

    /** A missing object found by an operation rather than by the route's first lookup. */
    public static NotFound inModel(String message) {
        return new NotFound(message, true);
    }

    public boolean inModel() {
        return inModel;
    }
}
