package dev.orchestra.api;

import java.util.List;

/**
 * A request that does not fit the API's schema: answered 422 with Prefect's body
 * ({@code exception_message}, {@code exception_detail}, {@code request_body}). Each error has a
 * pydantic-style location, message and type.
 */
public class RequestValidationException extends RuntimeException {

    /** One pydantic-style error: where ({@code ["body", "name"]}), what and its type. */
    public record Error(List<Object> loc, String msg, String type) {
    }

    private final List<Error> errors;

    public RequestValidationException(List<Error> errors) {
        super(errors.isEmpty() ? "invalid request" : errors.get(0).msg(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public static RequestValidationException of(List<Object> loc, String msg, String type) {
        return new RequestValidationException(List.of(new Error(loc, msg, type)));
    }

    public List<Error> errors() {
        return errors;
    }
}
