package dev.orchestra.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ports of Prefect's tests/server/schemas/test_schedules.py date generation cases (interval, cron, rrule, and their
 * daylight-saving-time classes), on schedules as the API stores them.
 */
class ScheduleDatesTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static ObjectNode interval(double seconds, OffsetDateTime anchor, String timezone) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("interval", seconds);
        s.put("anchor_date", anchor.toString());
        s.put("timezone", timezone);
        return s;
    }

    static ObjectNode cron(String cron, String timezone) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("cron", cron);
        s.put("timezone", timezone);
        s.put("day_or", true);
        return s;
    }

    static ObjectNode rrule(String rrule, String timezone) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("rrule", rrule);
        s.put("timezone", timezone);
        return s;
    }

    static OffsetDateTime newYork(int y, int mo, int d, int h) {
        return ZonedDateTime.of(y, mo, d, h, 0, 0, 0, NEW_YORK).toOffsetDateTime();
    }

    static List<Integer> hours(List<ZonedDateTime> dates, ZoneId zone) {
        return dates.stream().map(d -> d.withZoneSameInstant(zone).getHour()).toList();
    }

    @Test
    void test_interval_schedule_always_has_the_right_offset() {
        OffsetDateTime anchor = OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(1582002945964L),
                ZoneId.of("US/Pacific"));
        OffsetDateTime current = OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(1593643144233L),
                ZoneOffset.UTC);
        List<ZonedDateTime> dates = ScheduleDates.list(interval(75, anchor, "US/Pacific"), current, null, 4);
        assertEquals(4, dates.size());
        dates.forEach(d -> assertTrue(d.toOffsetDateTime().isAfter(current)));
    }

    @Test
    void test_interval_schedule_hourly_daylight_savings_time_forward() {
        OffsetDateTime dt = newYork(2018, 3, 10, 23);
        List<ZonedDateTime> dates = ScheduleDates.list(interval(3600, dt, "America/New_York"), dt, null, 5);
        assertEquals(List.of(23, 0, 1, 3, 4), hours(dates, NEW_YORK));
        assertEquals(List.of(4, 5, 6, 7, 8), hours(dates, ZoneOffset.UTC));
    }

    @Test
    void test_interval_schedule_hourly_daylight_savings_time_backward() {
        OffsetDateTime dt = newYork(2018, 11, 3, 23);
        List<ZonedDateTime> dates = ScheduleDates.list(interval(3600, dt, "America/New_York"), dt, null, 5);
        assertEquals(List.of(23, 0, 1, 2, 3), hours(dates, NEW_YORK));
        assertEquals(List.of(3, 4, 5, 7, 8), hours(dates, ZoneOffset.UTC));
    }

    @Test
    void test_interval_schedule_daily_start_daylight_savings_time_forward() {
        OffsetDateTime dt = newYork(2018, 3, 8, 9);
        List<ZonedDateTime> dates = ScheduleDates.list(interval(86400, dt, "America/New_York"), dt, null, 5);
        assertEquals(List.of(9, 9, 9, 9, 9), hours(dates, NEW_YORK));
        assertEquals(List.of(14, 14, 14, 13, 13), hours(dates, ZoneOffset.UTC));
    }

    @Test
    void test_interval_schedule_daily_start_daylight_savings_time_backward() {
        OffsetDateTime dt = newYork(2018, 11, 1, 9);
        List<ZonedDateTime> dates = ScheduleDates.list(interval(86400, dt, "America/New_York"), dt, null, 5);
        assertEquals(List.of(9, 9, 9, 9, 9), hours(dates, NEW_YORK));
        assertEquals(List.of(13, 13, 13, 14, 14), hours(dates, ZoneOffset.UTC));
    }

    @Test
    void test_get_dates_until_end_date_and_from_a_future_anchor() {
        OffsetDateTime anchor = OffsetDateTime.parse("2030-01-01T00:00:00Z");
        OffsetDateTime start = OffsetDateTime.parse("2020-01-01T00:00:00Z");
        List<ZonedDateTime> dates = ScheduleDates.list(interval(86400, anchor, "UTC"), start,
                start.plusDays(3).plusHours(1), 100);
        assertEquals(4, dates.size());
        assertEquals(start.toInstant(), dates.get(0).toInstant());
    }

    @Test
    void test_cron_schedule_hourly_daylight_savings_time_forward() {
        OffsetDateTime dt = newYork(2018, 3, 10, 23);
        List<ZonedDateTime> dates = ScheduleDates.list(cron("0 * * * *", "America/New_York"), dt, null, 5);
        assertEquals(List.of(23, 0, 1, 3, 4), hours(dates, NEW_YORK));
        assertEquals(List.of(4, 5, 6, 7, 8), hours(dates, ZoneOffset.UTC));
    }

    @Test
    void test_cron_schedule_hourly_daylight_savings_time_backward() {
        OffsetDateTime dt = newYork(2018, 11, 3, 23);
        List<ZonedDateTime> dates = ScheduleDates.list(cron("0 * * * *", "America/New_York"), dt, null, 5);
        assertEquals(List.of(23, 0, 1, 2, 3), hours(dates, NEW_YORK));
        assertEquals(List.of(3, 4, 5, 7, 8), hours(dates, ZoneOffset.UTC)); // pendulum 3's answer
    }

    @Test
    void test_cron_schedule_daily_start_daylight_savings_time_forward_and_backward() {
        List<ZonedDateTime> spring = ScheduleDates.list(cron("0 9 * * *", "America/New_York"),
                newYork(2018, 3, 8, 9), null, 5);
        assertEquals(List.of(14, 14, 14, 13, 13), hours(spring, ZoneOffset.UTC));
        List<ZonedDateTime> autumn = ScheduleDates.list(cron("0 9 * * *", "America/New_York"),
                newYork(2018, 11, 1, 9), null, 5);
        assertEquals(List.of(13, 13, 13, 14, 14), hours(autumn, ZoneOffset.UTC));
    }

    @Test
    void test_cron_schedule_handles_scheduling_near_dst_boundary() {
        OffsetDateTime dt = OffsetDateTime.parse("2023-03-12T05:10:02Z");
        List<ZonedDateTime> dates = ScheduleDates.list(cron("10 0 * * *", "America/Montreal"), dt, null, 5);
        assertEquals(List.of(0, 0, 0, 0, 0), hours(dates, NEW_YORK));
        assertEquals(List.of(4, 4, 4, 4, 4), hours(dates, ZoneOffset.UTC));
    }

    @Test
    void cron_syntax_as_croniter_reads_it() {
        OffsetDateTime start = OffsetDateTime.parse("2024-01-01T00:00:00Z"); // a Monday
        assertEquals(OffsetDateTime.parse("2024-01-05T12:30:00Z").toInstant(),
                ScheduleDates.list(cron("30 12 * * fri", "UTC"), start, null, 1).get(0).toInstant());
        assertEquals(OffsetDateTime.parse("2024-01-31T00:00:00Z").toInstant(),
                ScheduleDates.list(cron("0 0 L * *", "UTC"), start, null, 1).get(0).toInstant());
        assertEquals(OffsetDateTime.parse("2024-01-09T00:00:00Z").toInstant(),
                ScheduleDates.list(cron("0 0 * * 2#2", "UTC"), start, null, 1).get(0).toInstant());
        assertEquals(OffsetDateTime.parse("2024-01-01T00:00:00Z").toInstant(),
                ScheduleDates.list(cron("@daily", "UTC"), start, null, 1).get(0).toInstant(), "start is included");
        // day_or: the 15th or any Sunday
        List<ZonedDateTime> either = ScheduleDates.list(cron("0 0 15 * sun", "UTC"), start, null, 3);
        assertEquals(List.of(7, 14, 15), either.stream().map(ZonedDateTime::getDayOfMonth).toList());
        ObjectNode both = cron("0 0 15 * sun", "UTC");
        both.put("day_or", false);
        assertEquals(OffsetDateTime.parse("2024-09-15T00:00:00Z").toInstant(),
                ScheduleDates.list(both, start, null, 1).get(0).toInstant());
        assertEquals(List.of(0, 15, 30, 45), ScheduleDates.list(cron("*/15 * * * *", "UTC"), start, null, 4)
                .stream().map(ZonedDateTime::getMinute).toList());
    }

    @Test
    void test_rrule_schedule_hourly_daylight_savings_time_forward_and_backward() {
        OffsetDateTime spring = newYork(2018, 3, 10, 23);
        List<ZonedDateTime> dates = ScheduleDates.list(rrule("DTSTART:20180310T230000\\nRRULE:FREQ=HOURLY"
                .replace("\\n", "\n"), "America/New_York"), spring, null, 5);
        assertEquals(List.of(23, 0, 1, 3, 4), hours(dates, NEW_YORK));
        OffsetDateTime autumn = newYork(2018, 11, 3, 23);
        dates = ScheduleDates.list(rrule("DTSTART:20181103T230000\nRRULE:FREQ=HOURLY", "America/New_York"), autumn,
                null, 5);
        assertEquals(List.of(23, 0, 1, 2, 3), hours(dates, NEW_YORK));
    }

    @Test
    void test_rrule_daily_start_daylight_savings_time_forward() {
        OffsetDateTime dt = newYork(2018, 3, 8, 9);
        List<ZonedDateTime> dates = ScheduleDates.list(rrule("DTSTART:20180308T090000\nRRULE:FREQ=DAILY",
                "America/New_York"), dt, null, 5);
        assertEquals(List.of(9, 9, 9, 9, 9), hours(dates, NEW_YORK));
        assertEquals(List.of(14, 14, 14, 13, 13), hours(dates, ZoneOffset.UTC));
    }

    @Test
    void test_rrule_returns_nothing_before_dtstart_and_honours_until_exdate_rdate() {
        OffsetDateTime start = OffsetDateTime.parse("2020-01-01T00:00:00Z");
        List<ZonedDateTime> dates = ScheduleDates.list(rrule("DTSTART:20300101T000000\nRRULE:FREQ=DAILY", "UTC"),
                start, null, 3);
        assertEquals(OffsetDateTime.parse("2030-01-01T00:00:00Z").toInstant(), dates.get(0).toInstant());
        dates = ScheduleDates.list(rrule("DTSTART:20300101T000000\nRRULE:FREQ=DAILY;UNTIL=20300103T000000Z\n"
                + "EXDATE:20300102T000000\nRDATE:20300110T120000", "UTC"), start, null, 10);
        assertEquals(List.of(1, 3, 10), dates.stream().map(ZonedDateTime::getDayOfMonth).toList());
        // no DTSTART: Prefect's default anchor 2020-01-01, in the schedule's zone
        dates = ScheduleDates.list(rrule("FREQ=WEEKLY;BYDAY=MO", "Europe/Paris"), OffsetDateTime.parse(
                "2024-06-01T00:00:00Z"), null, 2);
        assertEquals(List.of(3, 10), dates.stream().map(ZonedDateTime::getDayOfMonth).toList());
        assertEquals(ZoneOffset.ofHours(2), dates.get(0).getOffset());
    }

    @Test
    void max_runs_and_the_idempotency_key_date() {
        OffsetDateTime start = OffsetDateTime.parse("2024-01-01T00:00:00Z");
        assertEquals(100, ScheduleDates.list(interval(10, start, "UTC"), start, null, 100).size());
        assertEquals("2024-01-01T09:00:00+01:00", ScheduleDates.pythonIso(ZonedDateTime.of(2024, 1, 1, 9, 0, 0, 0,
                ZoneId.of("Europe/Paris"))));
        assertEquals("2024-01-01T09:00:00.500000+00:00", ScheduleDates.pythonIso(ZonedDateTime.of(2024, 1, 1, 9, 0,
                0, 500_000_000, ZoneOffset.UTC)));
        assertThrows(ScheduleDates.UnusableSchedule.class, () -> ScheduleDates.list(cron("0 0 30 2 *", "UTC"), start,
                null, 1));
    }
}
