package dev.orchestra.errors;

/**
 * A failure the domain reports as a value: services and the orchestration layer raise these, and the
 * {@code api} layer alone decides which HTTP answer each one is (see {@code api.ErrorMappers}). They carry
 * no stack trace: they are expected outcomes, not bugs.
 */
public abstract sealed class DomainError extends RuntimeException
        permits NotFound, Conflict, Forbidden, InvalidInput, Refused, Retryable {

    protected DomainError(String message) {
        super(message, null, false, false);
    }

    protected DomainError(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
