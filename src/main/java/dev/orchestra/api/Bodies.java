package dev.orchestra.api;

import dev.orchestra.schemas.ValidationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;

/** Request body checks shared by the resources. */
public final class Bodies {

    /** The JSON {@code null} FastAPI answers for a route that returns nothing with status 200/201. */
    public static final JsonNode NULL = NullNode.getInstance();

    private Bodies() {
    }

    /** A required body that is absent is a 422 "field required" at {@code ["body"]}, like FastAPI. */
    public static <T> T require(T body) {
        if (body == null) {
            throw ValidationException.of(List.of("body"), "field required", "value_error.missing");
        }
        return body;
    }
}
