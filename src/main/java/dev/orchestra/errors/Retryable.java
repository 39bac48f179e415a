package dev.orchestra.errors;

/**
 * The operation failed for a reason that may pass (the database unavailable, contention that outlasted the
 * server's own retries): the client should try again later.
 */
public final class Retryable extends DomainError {

    public Retryable(String message, Throwable cause) {
        super(message, cause);
    }
}
