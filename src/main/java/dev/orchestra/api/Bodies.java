package dev.orchestra.api;

import java.util.List;

/** Request body checks shared by the resources. */
public final class Bodies {

    private Bodies() {
    }

    /** A required body that is absent is a 422 "field required" at {@code ["body"]}, like FastAPI. */
    public static <T> T require(T body) {
        if (body == null) {
            throw RequestValidationException.of(List.of("body"), "field required", "value_error.missing");
        }
        return body;
    }
}
