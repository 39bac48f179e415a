package dev.orchestra.ui;

import java.util.UUID;

/** Ids in page addresses: anything that is not a UUID names nothing (a 404 page), never an error. */
final class Ids {

    private Ids() {
    }

    static UUID parse(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            String v = s.trim();
            return v.length() == 36 ? UUID.fromString(v) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
