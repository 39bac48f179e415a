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

    /** A boolean header as pydantic reads one (true/false, 1/0, yes/no, on/off); absent is false. */
    public static boolean headerBoolean(String name, String value) {
        if (value == null) {
            return false;
        }
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> {
                return true;
            }
            case "false", "0", "no", "off", "f", "n" -> {
                return false;
            }
            default -> throw ValidationException.of(List.of("header", name), "value could not be parsed to a boolean",
                    "type_error.bool");
        }
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
