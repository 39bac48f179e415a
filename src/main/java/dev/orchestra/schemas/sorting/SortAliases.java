package dev.orchestra.schemas.sorting;

import java.util.regex.Pattern;

/** Guards the table alias spliced into ORDER BY text: it comes from code, never from a request. */
final class SortAliases {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private SortAliases() {
    }

    static String check(String alias) {
        if (alias == null || !IDENTIFIER.matcher(alias).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + alias);
        }
        return alias;
    }
}
