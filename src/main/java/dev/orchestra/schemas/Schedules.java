package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.config.Timestamps;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deployment's {@code schedule}: one of Prefect's {@code IntervalSchedule}, {@code CronSchedule} and
 * {@code RRuleSchedule} (tried in that order, extra keys forbidden), validated as their pydantic validators do and
 * written back in their JSON shape with defaults filled in. Cron strings are checked field by field
 * (croniter's syntax without its random and hashed forms); RRule strings are checked for RFC 5545 syntax.
 */
public final class Schedules {

    /** {@code MAX_RRULE_LENGTH}. */
    static final int MAX_RRULE_LENGTH = 6500;

    private static final Set<String> INTERVAL_KEYS = Set.of("interval", "anchor_date", "timezone");
    private static final Set<String> CRON_KEYS = Set.of("cron", "timezone", "day_or");
    private static final Set<String> RRULE_KEYS = Set.of("rrule", "timezone");
    private static final Pattern CLOCK_DURATION = Pattern.compile(
            "^(?:(-?\\d+) days?,? )?(-?)(?:(\\d+):)??(?:(\\d+):)?(\\d+)(?:\\.(\\d{1,6})\\d*)?$");

    private Schedules() {
    }

    /**
     * The schedule as stored and returned, or null for none. Fields are located under {@code loc}
     * (e.g. {@code ["body", "schedule"]}); {@code now} is the anchor date of an interval schedule without one.
     */
    public static ObjectNode normalize(JsonNode schedule, List<Object> loc, OffsetDateTime now) {
        if (schedule == null || schedule.isNull()) {
            return null;
        }
        if (!schedule.isObject()) {
            throw new ValidationException(List.of(
                    new ValidationException.Error(loc, "value is not a valid dict", "type_error.dict")));
        }
        List<ValidationException.Error> interval = new ArrayList<>();
        List<ValidationException.Error> cron = new ArrayList<>();
        List<ValidationException.Error> rrule = new ArrayList<>();
        ObjectNode out = interval(schedule, loc, now, interval);
        if (out != null) {
            return out;
        }
        out = cron(schedule, loc, cron);
        if (out != null) {
            return out;
        }
        out = rrule(schedule, loc, rrule);
        if (out != null) {
            return out;
        }
        // pydantic lists the errors of every member; the member the body was meant for comes first here
        List<ValidationException.Error> all = new ArrayList<>();
        if (schedule.has("cron")) {
            all.addAll(cron);
        } else if (schedule.has("rrule")) {
            all.addAll(rrule);
        }
        all.addAll(interval);
        if (!schedule.has("cron")) {
            all.addAll(cron);
        }
        if (!schedule.has("rrule")) {
            all.addAll(rrule);
        }
        throw new ValidationException(all);
    }

    private static ObjectNode interval(JsonNode s, List<Object> loc, OffsetDateTime now,
            List<ValidationException.Error> errors) {
        Duration interval = null;
        JsonNode raw = s.get("interval");
        if (raw == null || raw.isNull()) {
            errors.add(error(loc, "interval", raw == null ? "field required" : "none is not an allowed value",
                    raw == null ? "value_error.missing" : "type_error.none.not_allowed"));
        } else {
            interval = duration(raw);
            if (interval == null) {
                errors.add(error(loc, "interval", "invalid duration format", "value_error.duration"));
            } else if (interval.isNegative() || interval.isZero()) {
                errors.add(error(loc, "interval", "The interval must be positive", "value_error"));
            }
        }
        OffsetDateTime anchor = now;
        JsonNode rawAnchor = s.get("anchor_date");
        if (rawAnchor != null && !rawAnchor.isNull()) {
            try {
                anchor = rawAnchor.isTextual() ? Timestamps.parse(rawAnchor.asText()) : null;
            } catch (IllegalArgumentException e) {
                anchor = null;
            }
            if (anchor == null) {
                errors.add(error(loc, "anchor_date", "invalid datetime format", "value_error.datetime"));
            }
        }
        String timezone = text(s, "timezone", loc, errors);
        if (timezone != null && !timezone.isEmpty() && !validZone(timezone)) {
            errors.add(error(loc, "timezone", "Invalid timezone: \"" + timezone + "\"", "value_error"));
        }
        if (timezone == null && anchor != null) {
            // an anchor date read from JSON carries an offset, never a zone name: Prefect infers "UTC"
            timezone = "UTC";
        }
        extra(s, INTERVAL_KEYS, loc, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("interval", Timestamps.seconds(interval));
        out.put("anchor_date", Timestamps.format(anchor));
        out.put("timezone", timezone);
        return out;
    }

    private static ObjectNode cron(JsonNode s, List<Object> loc, List<ValidationException.Error> errors) {
        JsonNode raw = s.get("cron");
        String cron = null;
        if (raw == null || raw.isNull()) {
            errors.add(error(loc, "cron", raw == null ? "field required" : "none is not an allowed value",
                    raw == null ? "value_error.missing" : "type_error.none.not_allowed"));
        } else if (!raw.isTextual()) {
            errors.add(error(loc, "cron", "str type expected", "type_error.str"));
        } else {
            cron = raw.asText();
            if (!Cron.isValid(cron)) {
                errors.add(error(loc, "cron", "Invalid cron string: \"" + cron + "\"", "value_error"));
            } else if (Cron.usesRandomOrHashed(cron)) {
                errors.add(error(loc, "cron", "Random and Hashed expressions are unsupported, received: \""
                        + cron + "\"", "value_error"));
            }
        }
        String timezone = text(s, "timezone", loc, errors);
        if (timezone != null && !timezone.isEmpty() && !validZone(timezone)) {
            errors.add(error(loc, "timezone", "Invalid timezone: \"" + timezone
                    + "\" (specify in IANA tzdata format, for example, America/New_York)", "value_error"));
        }
        boolean dayOr = true;
        JsonNode rawDayOr = s.get("day_or");
        if (rawDayOr != null) {
            Boolean b = bool(rawDayOr);
            if (b == null) {
                errors.add(error(loc, "day_or", "value could not be parsed to a boolean", "type_error.bool"));
            } else {
                dayOr = b;
            }
        }
        extra(s, CRON_KEYS, loc, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("cron", cron);
        out.put("timezone", timezone);
        out.put("day_or", dayOr);
        return out;
    }

    private static ObjectNode rrule(JsonNode s, List<Object> loc, List<ValidationException.Error> errors) {
        JsonNode raw = s.get("rrule");
        String rrule = null;
        if (raw == null || raw.isNull()) {
            errors.add(error(loc, "rrule", raw == null ? "field required" : "none is not an allowed value",
                    raw == null ? "value_error.missing" : "type_error.none.not_allowed"));
        } else if (!raw.isTextual()) {
            errors.add(error(loc, "rrule", "str type expected", "type_error.str"));
        } else {
            rrule = raw.asText();
            String problem = RRule.problem(rrule);
            if (problem != null) {
                errors.add(error(loc, "rrule", "Invalid RRule string \"" + rrule + "\": " + problem, "value_error"));
            } else if (rrule.length() > MAX_RRULE_LENGTH) {
                errors.add(error(loc, "rrule", "Invalid RRule string \"" + rrule.substring(0, 40) + "...\"\nMax length is "
                        + MAX_RRULE_LENGTH + ", got " + rrule.length(), "value_error"));
            }
        }
        String timezone = text(s, "timezone", loc, errors);
        if (timezone != null && !timezone.isEmpty() && !validZone(timezone)) {
            errors.add(error(loc, "timezone", "Invalid timezone: \"" + timezone + "\"", "value_error"));
        }
        extra(s, RRULE_KEYS, loc, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("rrule", rrule);
        out.put("timezone", timezone == null ? "UTC" : timezone);
        return out;
    }

    /** pydantic v1's {@code timedelta}: seconds as a number, {@code [D day[s], ][HH:MM:]SS[.ffffff]} or ISO 8601. */
    public static Duration duration(JsonNode raw) {
        if (raw.isNumber()) {
            return Timestamps.duration(raw.asDouble());
        }
        if (!raw.isTextual()) {
            return null;
        }
        String text = raw.asText().trim();
        try {
            return Timestamps.duration(new BigDecimal(text).doubleValue());
        } catch (NumberFormatException e) {
            // not plain seconds
        }
        Matcher m = CLOCK_DURATION.matcher(text);
        if (m.matches()) {
            long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            long hours = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            long minutes = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
            long seconds = Long.parseLong(m.group(5));
            long micros = m.group(6) == null ? 0 : Long.parseLong((m.group(6) + "00000").substring(0, 6));
            Duration d = Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds).plusNanos(micros * 1000);
            return ("-".equals(m.group(2)) ? d.negated() : d).plusDays(days);
        }
        try {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean validZone(String zone) {
        return ZoneId.getAvailableZoneIds().contains(zone);
    }

    private static Boolean bool(JsonNode raw) {
        if (raw.isBoolean()) {
            return raw.asBoolean();
        }
        if (raw.isInt() && (raw.asInt() == 0 || raw.asInt() == 1)) {
            return raw.asInt() == 1;
        }
        if (raw.isTextual()) {
            String t = raw.asText().toLowerCase(Locale.ROOT);
            if (Set.of("1", "on", "t", "true", "y", "yes").contains(t)) {
                return true;
            }
            if (Set.of("0", "off", "f", "false", "n", "no").contains(t)) {
                return false;
            }
        }
        return null;
    }

    private static String text(JsonNode s, String field, List<Object> loc, List<ValidationException.Error> errors) {
        JsonNode raw = s.get(field);
        if (raw == null || raw.isNull()) {
            return null;
        }
        if (!raw.isTextual()) {
            errors.add(error(loc, field, "str type expected", "type_error.str"));
            return null;
        }
        return raw.asText();
    }

    private static void extra(JsonNode s, Set<String> allowed, List<Object> loc,
            List<ValidationException.Error> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext();) {
            String key = it.next().getKey();
            if (!allowed.contains(key)) {
                errors.add(error(loc, key, "extra fields not permitted", "value_error.extra"));
            }
        }
    }

    private static ValidationException.Error error(List<Object> loc, String field, String msg, String type) {
        List<Object> l = new ArrayList<>(loc);
        l.add(field);
        return new ValidationException.Error(l, msg, type);
    }

    /** croniter's cron syntax: 5 fields, or 6 with seconds last, or one of the {@code @} aliases. */
    static final class Cron {

        private static final Set<String> ALIASES = Set.of("@midnight", "@hourly", "@daily", "@weekly", "@monthly",
                "@yearly", "@annually");
        private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                "sep", "oct", "nov", "dec");
        private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
        private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}, {0, 59}};

        private Cron() {
        }

        static boolean usesRandomOrHashed(String cron) {
            for (String part : cron.trim().split("\\s+")) {
                if (part.equalsIgnoreCase("r") || part.equalsIgnoreCase("h")) {
                    return true;
                }
            }
            return false;
        }

        static boolean isValid(String cron) {
            String t = cron.trim();
            if (ALIASES.contains(t.toLowerCase(Locale.ROOT))) {
                return true;
            }
            String[] fields = t.split("\\s+");
            if (t.isEmpty() || fields.length < 5 || fields.length > 6) {
                return false;
            }
            for (int i = 0; i < fields.length; i++) {
                for (String item : fields[i].split(",", -1)) {
                    if (!item(item.toLowerCase(Locale.ROOT), i)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean item(String item, int field) {
            if (item.isEmpty()) {
                return false;
            }
            if (item.equals("r") || item.equals("h")) {
                return true; // reported separately, as Prefect does
            }
            if (field == 2 && (item.equals("l") || item.matches("\\d{1,2}w|lw"))) {
                return item.equals("l") || item.equals("lw") || inRange(item.substring(0, item.length() - 1), field);
            }
            if (field == 4 && (item.equals("l") || item.matches("[a-z0-9]+#[1-5]") || item.matches("[a-z0-9]+l"))) {
                if (item.equals("l")) {
                    return true;
                }
                String day = item.contains("#") ? item.substring(0, item.indexOf('#')) : item.substring(0,
                        item.length() - 1);
                return value(day, field) != null;
            }
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                String step = item.substring(slash + 1);
                if (!step.matches("\\d+") || Integer.parseInt(step) == 0) {
                    return false;
                }
                range = item.substring(0, slash);
            }
            if (range.equals("*") || range.equals("?") && (field == 2 || field == 4)) {
                return true;
            }
            int dash = range.indexOf('-', 1);
            if (dash > 0) {
                Integer from = value(range.substring(0, dash), field);
                Integer to = value(range.substring(dash + 1), field);
                return from != null && to != null;
            }
            return value(range, field) != null;
        }

        private static boolean inRange(String number, int field) {
            return value(number, field) != null;
        }

        private static Integer value(String token, int field) {
            int v;
            if (token.matches("\\d+")) {
                v = Integer.parseInt(token);
            } else if (field == 3 && MONTHS.contains(token)) {
                v = MONTHS.indexOf(token) + 1;
            } else if (field == 4 && DAYS.contains(token)) {
                v = DAYS.indexOf(token);
            } else {
                return null;
            }
            return v >= RANGES[field][0] && v <= RANGES[field][1] ? v : null;
        }
    }

    /** RFC 5545 recurrence text as {@code dateutil.rrule.rrulestr} reads it: parameter lines and property lines. */
    static final class RRule {

        private static final Set<String> FREQUENCIES = Set.of("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY",
                "MINUTELY", "SECONDLY");
        private static final Set<String> INTEGER_LISTS = Set.of("BYSETPOS", "BYMONTH", "BYMONTHDAY", "BYYEARDAY",
                "BYEASTER", "BYWEEKNO", "BYHOUR", "BYMINUTE", "BYSECOND");
        private static final Pattern WEEKDAY = Pattern.compile("^[+-]?\\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$");
        private static final Pattern DATE = Pattern.compile("^\\d{8}(T\\d{6}Z?)?$");

        private RRule() {
        }

        /** Null when dateutil would parse the text, else the reason it would not. */
        static String problem(String text) {
            String t = text.trim();
            if (t.isEmpty()) {
                return "empty string";
            }
            boolean sawRule = false;
            for (String line : t.toUpperCase(Locale.ROOT).split("\\s*\\n\\s*")) {
                if (line.isEmpty()) {
                    continue;
                }
                int colon = line.indexOf(':');
                String name = colon < 0 ? "RRULE" : line.substring(0, colon);
                String value = colon < 0 ? line : line.substring(colon + 1);
                String base = name.contains(";") ? name.substring(0, name.indexOf(';')) : name;
                switch (base) {
                    case "RRULE", "EXRULE" -> {
                        String p = rule(value);
                        if (p != null) {
                            return p;
                        }
                        sawRule = true;
                    }
                    case "DTSTART", "RDATE", "EXDATE" -> {
                        for (String date : value.split(",")) {
                            if (!DATE.matcher(date.trim()).matches()) {
                                return "unknown string format: " + date.trim();
                            }
                        }
                    }
                    default -> {
                        return "unsupported property: " + base;
                    }
                }
            }
            return sawRule || t.toUpperCase(Locale.ROOT).contains("RDATE") ? null : "no rule found";
        }

        private static String rule(String value) {
            boolean freq = false;
            for (String part : value.split(";")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    return "invalid rule part: " + part;
                }
                String key = part.substring(0, eq);
                String v = part.substring(eq + 1);
                if (key.equals("FREQ")) {
                    if (!FREQUENCIES.contains(v)) {
                        return "invalid frequency: " + v;
                    }
                    freq = true;
                } else if (key.equals("INTERVAL") || key.equals("COUNT")) {
                    if (!v.matches("\\d+")) {
                        return "invalid " + key.toLowerCase(Locale.ROOT) + ": " + v;
                    }
                } else if (key.equals("UNTIL")) {
                    if (!DATE.matcher(v).matches()) {
                        return "invalid until date: " + v;
                    }
                } else if (key.equals("WKST")) {
                    if (!WEEKDAY.matcher(v).matches() || v.length() != 2) {
                        return "invalid weekday: " + v;
                    }
                } else if (key.equals("BYDAY") || key.equals("BYWEEKDAY")) {
                    for (String d : v.split(",")) {
                        if (!WEEKDAY.matcher(d).matches()) {
                            return "invalid weekday: " + d;
                        }
                    }
                } else if (INTEGER_LISTS.contains(key)) {
                    for (String n : v.split(",")) {
                        if (!n.matches("[+-]?\\d+")) {
                            return "invalid " + key + " value: " + n;
                        }
                    }
                } else {
                    return "unknown parameter name: " + key;
                }
            }
            return freq ? null : "missing FREQ";
        }
    }
}
