package dev.orchestra.errors;

/** The operation is never permitted on this object (reserved names, built-in objects). */
public final class Forbidden extends DomainError {

    public Forbidden(String message) {
        super(message);
    }
}
