package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.schemas.ValidationException;
import java.util.List;

/** Shape checks pydantic makes for {@code dict} fields. */
public final class Objects {

    private Objects() {
    }

    public static void requireJsonObject(String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isObject()) {
            throw ValidationException.of(List.of(field), "value is not a valid dict", "type_error.dict");
        }
    }
}
