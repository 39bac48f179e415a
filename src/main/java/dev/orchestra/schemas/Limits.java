package dev.orchestra.schemas;

import java.util.List;
import java.util.Map;

/**
 * The longest text this server stores in an indexed column. Prefect sets no limit; PostgreSQL does: a B-tree
 * entry holds at most 2,704 bytes, and a longer value fails the insert. The limits are in characters (code
 * points, as pydantic counts them), chosen so that even four-byte UTF-8 characters fit with the other columns
 * of the index; a longer value is a 422 with pydantic's {@code max_length} error, which names the limit.
 */
public final class Limits {

    /** Names, versions, idempotency and cache keys, queue names, tags, state names, slugs. */
    public static final int TEXT = 500;
    /** {@code task_key} and {@code dynamic_key} share one unique index with the flow run's id. */
    public static final int TASK_KEY = 400;
    public static final int DYNAMIC_KEY = 200;
    /**
     * A result's cache key: Prefect's own limit ({@code PREFECT_API_TASK_CACHE_KEY_MAX_LENGTH}), which fits the
     * cache index when the key is mostly ASCII, as generated keys are.
     */
    public static final int CACHE_KEY = 2000;

    private Limits() {
    }

    /** Throws a 422 located at {@code field} when {@code value} is longer than {@code max} characters. */
    public static void maxLength(String field, String value, int max) {
        maxLength(List.of(field), value, max);
    }

    /** The same, located at a nested {@code loc}. */
    public static void maxLength(List<Object> loc, String value, int max) {
        if (value != null && value.length() > max && value.codePointCount(0, value.length()) > max) {
            throw tooLong(loc, max);
        }
    }

    /** The same for each element of a list (tags), located at {@code [field, index]}. */
    public static void maxLength(String field, List<String> values, int max) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            maxLength(List.of(field, i), values.get(i), max);
        }
    }

    private static ValidationException tooLong(List<Object> loc, int max) {
        return new ValidationException(List.of(new ValidationException.Error(loc,
                "ensure this value has at most " + max + " characters", "value_error.any_str.max_length",
                Map.of("limit_value", max))));
    }

    /** A field pydantic types as {@code dict}: any JSON value but an object is refused, as pydantic refuses it. */
    public static void object(String field, com.fasterxml.jackson.databind.JsonNode value) {
        if (value != null && !value.isNull() && !value.isObject()) {
            throw ValidationException.of(List.of(field), "value is not a valid dict", "type_error.dict");
        }
    }
}
