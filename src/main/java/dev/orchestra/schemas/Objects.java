package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.api.RequestValidationException;
import java.util.List;

/** Shape checks pydantic makes for {@code dict} fields. */
public final class Objects {

    private Objects() {
    }

    public static void requireJsonObject(String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isObject()) {
            throw RequestValidationException.of(List.of(field), "value is not a valid dict", "type_error.dict");
        }
    }
}
