package dev.orchestra.api;

import dev.orchestra.schemas.ValidationException;
import java.util.List;
import java.util.UUID;

/** Parsing of path and query parameters into 422 errors shaped like FastAPI's. */
public final class Params {

    private Params() {
    }

    /** A UUID path parameter; FastAPI answers 422 (not 404) for a malformed one. */
    public static UUID pathUuid(String name, String value) {
        return uuid(List.of("path", name), value);
    }

    public static UUID queryUuid(String name, String value) {
        if (value == null) {
            throw ValidationException.of(List.of("query", name), "field required", "value_error.missing");
        }
        return uuid(List.of("query", name), value);
    }

    private static UUID uuid(List<Object> loc, String value) {
        try {
            String v = value.trim();
            if (v.length() == 32) {
                v = v.substring(0, 8) + '-' + v.substring(8, 12) + '-' + v.substring(12, 16) + '-'
                        + v.substring(16, 20) + '-' + v.substring(20);
            }
            if (v.length() != 36) {
                throw new IllegalArgumentException(value);
            }
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of(loc, "value is not a valid uuid", "type_error.uuid");
        }
    }
}
