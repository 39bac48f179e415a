package dev.orchestra.errors;

/** The request contradicts what is stored (a duplicate name, a state that forbids the change). */
public final class Conflict extends DomainError {

    public Conflict(String message) {
        super(message);
    }
}
