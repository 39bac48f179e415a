package dev.orchestra.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Timestamp and duration conversions shared by JSON and SQL code. */
public final class Timestamps {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private Timestamps() {
    }

    /** Python-style ISO-8601 in UTC: {@code 2024-01-01T10:00:00.123456+00:00}, no fraction when zero. */
    public static String format(OffsetDateTime value) {
        OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32).append(SECONDS.format(utc));
        int micros = utc.getNano() / 1000;
        if (micros != 0) {
            String digits = Integer.toString(micros);
            sb.append('.');
            for (int i = digits.length(); i < 6; i++) {
                sb.append('0');
            }
            sb.append(digits);
        }
        return sb.append("+00:00").toString();
    }

    /**
     * Parses an ISO-8601 date-time; a value without offset is taken as UTC, a bare date as its midnight
     * in UTC (pendulum does the same).
     */
    public static OffsetDateTime parse(String text) {
        String t = text.trim();
        if (t.indexOf(' ') == 10) {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            // try the other shapes below
        }
        try {
            return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atOffset(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            // try the other shapes below
        }
        try {
            return LocalDate.parse(t).atStartOfDay().atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid datetime format: " + text, e);
        }
    }

    public static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1_000_000_000.0;
    }

    public static Duration duration(double seconds) {
        BigDecimal micros = BigDecimal.valueOf(seconds).movePointRight(6);
        return Duration.of(micros.longValue(), ChronoUnit.MICROS);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
