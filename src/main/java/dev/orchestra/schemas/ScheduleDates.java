package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.config.Timestamps;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * The dates of a stored schedule ({@link Schedules#normalize}), as Prefect's {@code _get_dates_generator} yields them:
 * on or after {@code start}, never after {@code end}, in the schedule's time zone, without duplicates, at most
 * {@code n} of them and never more than {@link #MAX_ITERATIONS} candidates looked at. Dates are lazy so that the
 * scheduler can stop as soon as it has enough.
 */
public final class ScheduleDates {

    /** Prefect's {@code MAX_ITERATIONS}. */
    public static final int MAX_ITERATIONS = 1000;

    /** Prefect's {@code DEFAULT_ANCHOR_DATE}: an RRule's start when it names none. */
    private static final LocalDateTime DEFAULT_RRULE_START = LocalDateTime.of(2020, 1, 1, 0, 0);

    private static final DateTimeFormatter PYTHON_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private ScheduleDates() {
    }

    /** Thrown for a stored schedule this server cannot generate dates from (the scheduler logs and skips it). */
    public static final class UnusableSchedule extends RuntimeException {
        public UnusableSchedule(String message) {
            super(message);
        }
    }

    /** The schedule's dates; {@code end} null means no end. */
    public static Iterator<ZonedDateTime> dates(JsonNode schedule, OffsetDateTime start, OffsetDateTime end, int n) {
        ZoneId zone = zone(schedule.path("timezone").asText(null));
        ZonedDateTime from = start.atZoneSameInstant(zone);
        ZonedDateTime until = end == null ? null : end.atZoneSameInstant(zone);
        Iterator<ZonedDateTime> candidates;
        if (schedule.has("interval")) {
            candidates = interval(schedule, from, zone);
        } else if (schedule.has("cron")) {
            candidates = Cron.parse(schedule.path("cron").asText(), !schedule.has("day_or")
                    || schedule.path("day_or").asBoolean(true)).after(from);
        } else if (schedule.has("rrule")) {
            candidates = RRule.after(schedule.path("rrule").asText(), zone, from);
        } else {
            throw new UnusableSchedule("not a schedule: " + schedule);
        }
        return bounded(candidates, until, n);
    }

    /** The dates as a sorted list (Prefect's {@code get_dates}). */
    public static List<ZonedDateTime> list(JsonNode schedule, OffsetDateTime start, OffsetDateTime end, int n) {
        List<ZonedDateTime> out = new ArrayList<>();
        dates(schedule, start, end, n).forEachRemaining(out::add);
        out.sort(null);
        return out;
    }

    /**
     * Python's {@code str()} of a timezone-aware datetime, which Prefect puts in a scheduled run's idempotency key:
     * {@code 2024-01-01T09:00:00+01:00}, with {@code .ffffff} only when there are microseconds.
     */
    public static String pythonIso(ZonedDateTime date) {
        StringBuilder out = new StringBuilder(PYTHON_ISO.format(date));
        int micros = date.getNano() / 1000;
        if (micros != 0) {
            out.append('.').append(String.format(Locale.ROOT, "%06d", micros));
        }
        int offset = date.getOffset().getTotalSeconds();
        out.append(offset < 0 ? '-' : '+');
        int abs = Math.abs(offset);
        out.append(String.format(Locale.ROOT, "%02d:%02d", abs / 3600, abs / 60 % 60));
        if (abs % 60 != 0) {
            out.append(String.format(Locale.ROOT, ":%02d", abs % 60));
        }
        return out.toString();
    }

    private static ZoneId zone(String name) {
        if (name == null || name.isEmpty()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name);
        } catch (RuntimeException e) {
            throw new UnusableSchedule("unknown time zone " + name);
        }
    }

    /** Drops duplicates, stops after {@code end}, after {@code n} dates, or after the iteration bound. */
    private static Iterator<ZonedDateTime> bounded(Iterator<ZonedDateTime> candidates, ZonedDateTime end, int n) {
        return new Iterator<>() {
            private final Set<java.time.Instant> seen = new HashSet<>();
            private int counter;
            private ZonedDateTime next = advance();
            private boolean done;

            private ZonedDateTime advance() {
                while (!done && candidates.hasNext()) {
                    ZonedDateTime candidate = candidates.next();
                    if (end != null && candidate.isAfter(end)) {
                        done = true;
                        return null;
                    }
                    boolean fresh = seen.add(candidate.toInstant());
                    if (seen.size() >= n || counter > MAX_ITERATIONS) {
                        done = true;
                    }
                    counter++;
                    if (fresh) {
                        return candidate;
                    }
                }
                done = true;
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ZonedDateTime next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                ZonedDateTime out = next;
                next = advance();
                return out;
            }
        };
    }

    // ---- interval

    /**
     * The anchor date plus whole intervals, from the first on or after {@code start}. As pendulum adds time to a
     * zoned date, intervals are added to the wall-clock time, which is then placed in the zone: a time a DST change
     * skips moves forward by the gap, a repeated one takes its first offset (an hourly schedule skips 2 am in
     * spring and runs once at 1 am in autumn; a daily one keeps its hour).
     */
    private static Iterator<ZonedDateTime> interval(JsonNode schedule, ZonedDateTime start, ZoneId zone) {
        Duration interval = Schedules.duration(schedule.get("interval"));
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new UnusableSchedule("bad interval " + schedule.get("interval"));
        }
        ZonedDateTime anchor = Timestamps.parse(schedule.path("anchor_date").asText()).atZoneSameInstant(zone);
        long days = interval.toDays();
        Duration rest = interval.minusDays(days);
        double offset = (double) Duration.between(anchor, start).toNanos() / interval.toNanos();
        ZonedDateTime first;
        try {
            first = wallClockPlus(anchor, interval.multipliedBy((long) offset), 0);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new UnusableSchedule("interval too far from its anchor date");
        }
        while (first.isBefore(start)) {
            // wall-clock steps may land up to a DST shift short of start; catch up in whole intervals
            long behind = Duration.between(first, start).toNanos() / interval.toNanos();
            first = behind > 1 ? wallClockPlus(first, interval.multipliedBy(behind), 0)
                    : wallClockPlus(first, rest, days);
        }
        ZonedDateTime initial = first.truncatedTo(ChronoUnit.MICROS);
        return new Iterator<>() {
            private ZonedDateTime next = initial;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public ZonedDateTime next() {
                ZonedDateTime out = next;
                next = wallClockPlus(next, rest, days).truncatedTo(ChronoUnit.MICROS);
                return out;
            }
        };
    }

    private static ZonedDateTime wallClockPlus(ZonedDateTime t, Duration d, long days) {
        return ZonedDateTime.ofLocal(t.toLocalDateTime().plusDays(days).plus(d), t.getZone(), null);
    }

    // ---- cron

    /**
     * croniter's syntax: minute, hour, day of month, month, day of week, and optionally seconds last; names of months
     * and days, ranges, steps, lists, {@code L} (last day of the month, or the last given weekday), {@code #} (the nth
     * weekday), {@code ?}, and the {@code @hourly}-style aliases. With {@code day_or} (the default) a restricted day of
     * month and a restricted day of week match either; without it, both. Wall-clock times that a DST change skips
     * move forward by the gap; repeated ones take the first offset.
     */
    static final class Cron {

        private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                "sep", "oct", "nov", "dec");
        private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
        private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}, {0, 59}};

        private final BitSet minutes;
        private final BitSet hours;
        private final BitSet daysOfMonth;
        private final boolean lastDayOfMonth;
        private final BitSet months;
        private final BitSet daysOfWeek;
        /** {@code 5#2}: the second Friday; stored as day * 10 + nth. */
        private final Set<Integer> nthWeekdays = new TreeSet<>();
        /** {@code 5L}: the last Friday. */
        private final BitSet lastWeekdays = new BitSet(7);
        private final BitSet seconds;
        private final boolean hasSeconds;
        private final boolean domRestricted;
        private final boolean dowRestricted;
        private final boolean dayOr;

        private Cron(String[] fields, boolean dayOr) {
            this.dayOr = dayOr;
            minutes = field(fields[0], 0);
            hours = field(fields[1], 1);
            String dom = fields[2].toLowerCase(Locale.ROOT);
            lastDayOfMonth = List.of(dom.split(",")).contains("l");
            daysOfMonth = field(String.join(",", List.of(dom.split(",")).stream().filter(s -> !s.equals("l"))
                    .toList()), 2);
            months = field(fields[3], 3);
            daysOfWeek = weekdays(fields[4].toLowerCase(Locale.ROOT));
            hasSeconds = fields.length == 6;
            seconds = hasSeconds ? field(fields[5], 5) : single(0);
            domRestricted = !(dom.equals("*") || dom.equals("?"));
            String dow = fields[4].trim();
            dowRestricted = !(dow.equals("*") || dow.equals("?"));
        }

        static Cron parse(String expression, boolean dayOr) {
            String t = expression.trim().toLowerCase(Locale.ROOT);
            t = switch (t) {
                case "@yearly", "@annually" -> "0 0 1 1 *";
                case "@monthly" -> "0 0 1 * *";
                case "@weekly" -> "0 0 * * 0";
                case "@daily", "@midnight" -> "0 0 * * *";
                case "@hourly" -> "0 * * * *";
                default -> t;
            };
            String[] fields = t.split("\\s+");
            if (fields.length < 5 || fields.length > 6 || !Schedules.Cron.isValid(t)
                    || Schedules.Cron.usesRandomOrHashed(t)) {
                throw new UnusableSchedule("unsupported cron expression " + expression);
            }
            return new Cron(fields, dayOr);
        }

        private static BitSet single(int v) {
            BitSet b = new BitSet();
            b.set(v);
            return b;
        }

        private static BitSet field(String text, int field) {
            BitSet out = new BitSet(60);
            if (text.isEmpty()) {
                return out;
            }
            for (String item : text.toLowerCase(Locale.ROOT).split(",")) {
                int step = 1;
                String range = item;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    step = Integer.parseInt(item.substring(slash + 1));
                    range = item.substring(0, slash);
                }
                int from = RANGES[field][0];
                int to = RANGES[field][1];
                if (!range.equals("*") && !range.equals("?")) {
                    int dash = range.indexOf('-', 1);
                    if (dash > 0) {
                        from = value(range.substring(0, dash), field);
                        to = value(range.substring(dash + 1), field);
                    } else {
                        from = value(range, field);
                        to = slash >= 0 ? RANGES[field][1] : from;
                    }
                }
                if (from <= to) {
                    for (int v = from; v <= to; v += step) {
                        out.set(v);
                    }
                } else { // a wrapping range such as fri-mon
                    int span = RANGES[field][1] - RANGES[field][0] + 1;
                    for (int i = 0; i <= (to - from + span) % span; i += step) {
                        out.set(RANGES[field][0] + (from - RANGES[field][0] + i) % span);
                    }
                }
            }
            if (field == 4 && out.get(7)) {
                out.set(0);
                out.clear(7);
            }
            return out;
        }

        private BitSet weekdays(String text) {
            List<String> plain = new ArrayList<>();
            for (String item : text.split(",")) {
                if (item.contains("#")) {
                    int day = value(item.substring(0, item.indexOf('#')), 4) % 7;
                    nthWeekdays.add(day * 10 + Integer.parseInt(item.substring(item.indexOf('#') + 1)));
                } else if (item.endsWith("l") && item.length() > 1) {
                    lastWeekdays.set(value(item.substring(0, item.length() - 1), 4) % 7);
                } else if (item.equals("l")) {
                    lastWeekdays.set(6); // croniter reads a bare L as Saturday's last
                } else {
                    plain.add(item);
                }
            }
            return field(String.join(",", plain), 4);
        }

        private static int value(String token, int field) {
            if (token.matches("\\d+")) {
                return Integer.parseInt(token);
            }
            return field == 3 ? MONTHS.indexOf(token) + 1 : DAYS.indexOf(token);
        }

        private boolean dayMatches(LocalDate d) {
            boolean dom = daysOfMonth.get(d.getDayOfMonth())
                    || lastDayOfMonth && d.getDayOfMonth() == d.lengthOfMonth();
            int dow = d.getDayOfWeek().getValue() % 7;
            boolean weekday = daysOfWeek.get(dow)
                    || nthWeekdays.contains(dow * 10 + (d.getDayOfMonth() - 1) / 7 + 1)
                    || lastWeekdays.get(dow) && d.getDayOfMonth() + 7 > d.lengthOfMonth();
            if (domRestricted && dowRestricted) {
                return dayOr ? dom || weekday : dom && weekday;
            }
            if (domRestricted) {
                return dom;
            }
            if (dowRestricted) {
                return weekday;
            }
            return true;
        }

        /** Matching wall-clock times from the first at or after {@code start}. */
        Iterator<ZonedDateTime> after(ZonedDateTime start) {
            ZoneId zone = start.getZone();
            ChronoUnit unit = hasSeconds ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
            LocalDateTime local = start.toLocalDateTime();
            LocalDateTime truncated = local.truncatedTo(unit);
            LocalDateTime first = truncated.equals(local) ? truncated : truncated.plus(1, unit);
            return new Iterator<>() {
                private LocalDateTime cursor = first;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public ZonedDateTime next() {
                    LocalDateTime found = matchFrom(cursor);
                    cursor = found.plus(1, unit);
                    return ZonedDateTime.ofLocal(found, zone, null);
                }
            };
        }

        /** The first matching wall-clock time at or after {@code from} (within about 30 years). */
        private LocalDateTime matchFrom(LocalDateTime from) {
            LocalDateTime t = from;
            LocalDateTime limit = from.plusYears(30);
            while (t.isBefore(limit)) {
                if (!months.get(t.getMonthValue())) {
                    t = t.with(TemporalAdjusters.firstDayOfNextMonth()).with(LocalTime.MIDNIGHT);
                } else if (!dayMatches(t.toLocalDate())) {
                    t = t.toLocalDate().plusDays(1).atStartOfDay();
                } else if (!hours.get(t.getHour())) {
                    t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                } else if (!minutes.get(t.getMinute())) {
                    t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
                } else if (!seconds.get(t.getSecond())) {
                    t = t.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
                } else {
                    return t;
                }
            }
            throw new UnusableSchedule("cron expression never matches");
        }
    }

    // ---- rrule

    /**
     * RFC 5545 recurrence text as {@code dateutil.rrule.rrulestr} reads it: RRULE, EXRULE, RDATE and EXDATE lines and
     * a DTSTART (2020-01-01 00:00 when none). As in Prefect, every date's wall-clock time is read in the schedule's
     * time zone, whatever zone the text names.
     */
    static final class RRule {

        private RRule() {
        }

        static Iterator<ZonedDateTime> after(String text, ZoneId zone, ZonedDateTime start) {
            LocalDateTime dtstart = DEFAULT_RRULE_START;
            List<String> rules = new ArrayList<>();
            List<String> exrules = new ArrayList<>();
            TreeSet<LocalDateTime> rdates = new TreeSet<>();
            Set<LocalDateTime> exdates = new HashSet<>();
            for (String raw : text.trim().split("\\s*\\n\\s*")) {
                String line = raw.trim();
                if (line.isEmpty()) {
                    continue;
                }
                String upper = line.toUpperCase(Locale.ROOT);
                int colon = upper.indexOf(':');
                String name = colon < 0 ? "RRULE" : upper.substring(0, colon);
                String value = colon < 0 ? upper : upper.substring(colon + 1);
                String base = name.contains(";") ? name.substring(0, name.indexOf(';')) : name;
                switch (base) {
                    case "DTSTART" -> dtstart = wallClock(value);
                    case "RRULE" -> rules.add(value);
                    case "EXRULE" -> exrules.add(value);
                    case "RDATE" -> {
                        for (String d : value.split(",")) {
                            rdates.add(wallClock(d.trim()));
                        }
                    }
                    case "EXDATE" -> {
                        for (String d : value.split(",")) {
                            exdates.add(wallClock(d.trim()));
                        }
                    }
                    default -> throw new UnusableSchedule("unsupported rrule property " + base);
                }
            }
            LocalDateTime from = start.toLocalDateTime().minusDays(1);
            PriorityQueue<Source> queue = new PriorityQueue<>();
            for (String rule : rules) {
                Source s = new Source(iterator(rule, dtstart, from));
                if (s.advance()) {
                    queue.add(s);
                }
            }
            Source fixed = new Source(rdates.tailSet(from, true).iterator());
            if (fixed.advance()) {
                queue.add(fixed);
            }
            List<Source> excluded = new ArrayList<>();
            for (String rule : exrules) {
                Source s = new Source(iterator(rule, dtstart, from));
                if (s.advance()) {
                    excluded.add(s);
                }
            }
            return new Iterator<>() {
                private ZonedDateTime next = advance();

                private ZonedDateTime advance() {
                    LocalDateTime last = null;
                    while (!queue.isEmpty()) {
                        Source s = queue.poll();
                        LocalDateTime candidate = s.current;
                        if (s.advance()) {
                            queue.add(s);
                        }
                        if (candidate.equals(last) || exdates.contains(candidate) || excludedBy(candidate)) {
                            continue;
                        }
                        last = candidate;
                        ZonedDateTime at = ZonedDateTime.ofLocal(candidate, zone, null);
                        if (!at.isBefore(start)) {
                            return at;
                        }
                    }
                    return null;
                }

                private boolean excludedBy(LocalDateTime candidate) {
                    for (Source s : excluded) {
                        while (s.current != null && s.current.isBefore(candidate)) {
                            s.advance();
                        }
                        if (candidate.equals(s.current)) {
                            return true;
                        }
                    }
                    return false;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public ZonedDateTime next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    ZonedDateTime out = next;
                    next = advance();
                    return out;
                }
            };
        }

        /** The rule's wall-clock times from {@code dtstart}, skipped ahead to about {@code from} when it can be. */
        private static Iterator<LocalDateTime> iterator(String rule, LocalDateTime dtstart, LocalDateTime from) {
            RecurrenceRule parsed;
            try {
                parsed = new RecurrenceRule(withoutZone(rule), RecurrenceRule.RfcMode.RFC2445_LAX);
            } catch (InvalidRecurrenceRuleException | RuntimeException e) {
                throw new UnusableSchedule("unsupported rrule " + rule + ": " + e.getMessage());
            }
            RecurrenceRuleIterator it = parsed.iterator(floating(dtstart));
            if (parsed.getCount() == null && from.isAfter(dtstart)) {
                it.fastForward(floating(from));
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public LocalDateTime next() {
                    DateTime d = it.nextDateTime();
                    return LocalDateTime.of(d.getYear(), d.getMonth() + 1, d.getDayOfMonth(), d.getHours(),
                            d.getMinutes(), d.getSeconds());
                }
            };
        }

        /** UNTIL read as a wall-clock time, as Prefect replaces its zone with the schedule's. */
        private static String withoutZone(String rule) {
            return rule.replaceAll("(UNTIL=\\d{8}T\\d{6})Z", "$1");
        }

        private static DateTime floating(LocalDateTime t) {
            return new DateTime(t.getYear(), t.getMonthValue() - 1, t.getDayOfMonth(), t.getHour(), t.getMinute(),
                    t.getSecond());
        }

        private static LocalDateTime wallClock(String value) {
            String v = value.endsWith("Z") ? value.substring(0, value.length() - 1) : value;
            try {
                if (v.length() == 8) {
                    return LocalDate.parse(v, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay();
                }
                return LocalDateTime.parse(v, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"));
            } catch (RuntimeException e) {
                throw new UnusableSchedule("bad rrule date " + value);
            }
        }

        /** One ordered stream of wall-clock times, with its current head. */
        private static final class Source implements Comparable<Source> {
            private final Iterator<LocalDateTime> it;
            private LocalDateTime current;

            Source(Iterator<LocalDateTime> it) {
                this.it = it;
            }

            boolean advance() {
                current = it.hasNext() ? it.next() : null;
                return current != null;
            }

            @Override
            public int compareTo(Source o) {
                return current.compareTo(o.current);
            }
        }
    }
}
