package dev.orchestra.api;

import dev.orchestra.schemas.ValidationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;

/** Request body checks shared by the resources. */
public final class Bodies {

    /** The JSON {@code null} FastAPI answers for a route that returns nothing with status 200/201. */
    public static final JsonNode NULL = NullNode.getInstance();

    private Bodies() {
    }

    /**
     * Binds a body read as a JSON tree (PATCH routes keep the tree to know which fields were sent); a body that
     * does not fit is a 422 like any other.
     */
    public static <T> T bind(ObjectMapper mapper, JsonNode body, Class<T> type) {
        try {
            return mapper.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ValidationException(List.of(ErrorMappers.toError(e, null)));
        }
    }

    /** A required body that is absent is a 422 "field required" at {@code ["body"]}, like FastAPI. */
    public static <T> T require(T body) {
        if (body == null) {
            throw ValidationException.of(List.of("body"), "field required", "value_error.missing");
        }
        return body;
    }
}
