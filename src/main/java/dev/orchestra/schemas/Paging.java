package dev.orchestra.schemas;

import dev.orchestra.errors.InvalidInput;
import dev.orchestra.schemas.ValidationException;
import java.util.List;

/** {@code limit} and {@code offset} as Prefect's routes take them from the body. */
public final class Paging {

    /** PREFECT_API_DEFAULT_LIMIT: the default and the maximum page size. */
    public static final int DEFAULT_LIMIT = 200;

    private Paging() {
    }

    public static int limit(Integer limit) {
        int value = limit == null ? DEFAULT_LIMIT : limit;
        if (value < 0) {
            throw new InvalidInput("Invalid limit: must be greater than or equal to 0.");
        }
        if (value > DEFAULT_LIMIT) {
            throw new InvalidInput(
                    "Invalid limit: must be less than or equal to " + DEFAULT_LIMIT + ".");
        }
        return value;
    }

    public static int offset(Integer offset) {
        int value = offset == null ? 0 : offset;
        if (value < 0) {
            throw new ValidationException(List.of(new ValidationException.Error(
                    List.of("body", "offset"), "ensure this value is greater than or equal to 0",
                    "value_error.number.not_ge", java.util.Map.of("limit_value", 0))));
        }
        return value;
    }
}
