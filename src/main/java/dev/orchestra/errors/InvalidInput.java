package dev.orchestra.errors;

/**
 * A value the request carries is well-formed but not acceptable: out of range, above a documented cap, too
 * long to store. Prefect answers these 422 with {@code {"detail": message}}.
 */
public final class InvalidInput extends DomainError {

    public InvalidInput(String message) {
        super(message);
    }
}
