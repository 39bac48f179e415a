package dev.orchestra.ui;

import dev.orchestra.schemas.StateType;
import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Formatting for the templates, called as {@code {fmt:time(run.startTime)}}; every helper accepts null. */
@TemplateExtension(namespace = "fmt")
public final class UiFormat {

    static final String NONE = "—";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private UiFormat() {
    }

    /** A timestamp in UTC, to the second. */
    static String time(OffsetDateTime t) {
        return t == null ? NONE : t.atZoneSameInstant(ZoneOffset.UTC).format(TIME);
    }

    /** The ISO form for {@code <time datetime>}. */
    static String iso(OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(ZoneOffset.UTC).toOffsetDateTime().toString();
    }

    /** A duration the way a person reads it: {@code 350ms}, {@code 12s}, {@code 1m 05s}, {@code 2h 03m}. */
    static String duration(Duration d) {
        if (d == null) {
            return NONE;
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm %02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format("%dh %02dm", s / 3600, s % 3600 / 60);
        }
        return String.format("%dd %02dh", s / 86400, s % 86400 / 3600);
    }

    /** The CSS class that colours a state, {@code state-completed}; {@code state-none} without a state. */
    static String stateClass(StateType type) {
        return type == null ? "state-none" : "state-" + type.name().toLowerCase();
    }

    /** A state's name, falling back to its type's ("Late" or "Completed"). */
    static String stateName(StateType type, String name) {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return type == null ? "No state" : type.defaultName();
    }

    static String tags(List<String> tags) {
        return tags == null ? "" : String.join(", ", tags);
    }

    /** A short id for headers: its first eight characters. */
    static String shortId(Object id) {
        String s = String.valueOf(id);
        return s.length() > 8 ? s.substring(0, 8) : s;
    }
}
