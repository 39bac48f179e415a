package dev.orchestra.ui;

import dev.orchestra.errors.NotFound;
import java.util.UUID;

/** Ids in page addresses: anything that is not a UUID names nothing (a 404 page), never an error. */
final class Ids {

    private Ids() {
    }

    /** The id in a page's address; a 404 page when it is not one. */
    static UUID require(String s, String what) {
        UUID id = parse(s);
        if (id == null) {
            throw new NotFound(what + " not found");
        }
        return id;
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
