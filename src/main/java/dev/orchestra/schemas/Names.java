package dev.orchestra.schemas;

import dev.orchestra.schemas.ValidationException;
import java.util.List;

/** Prefect's name rules: object names must not contain any of {@code / % & > <}. */
public final class Names {

    private static final String BANNED = "/%&><";

    private Names() {
    }

    public static boolean hasBannedCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (BANNED.indexOf(name.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Throws a validation error located at the given body field when the name is not allowed. */
    public static void requireNoBannedCharacters(String field, String name) {
        if (name != null && hasBannedCharacter(name)) {
            throw ValidationException.of(List.of(field),
                    "Name '" + name + "' contains an invalid character. Must not contain any of: "
                            + "['/', '%', '&', '>', '<'].",
                    "value_error.invalidname");
        }
    }
}
