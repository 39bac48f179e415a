package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Port of Prefect 2.14.21's {@code tests/server/api/test_run_history.py}. Prefect builds its data set through its
 * models with state timestamps in 2021; here the same runs are written with SQL, with the run columns Prefect's
 * global policy gives a run created in such a state (state type, name and timestamp, expected start, start time).
 * The history routes read nothing else. Queries are scoped to this class's flow (or its work pool), so other data
 * in the database does not count.
 */
@QuarkusTest
class RunHistoryPortTest {

    static final OffsetDateTime DT = OffsetDateTime.of(2021, 7, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    /** The module-scoped data set: flow f-1, its work pool and queue. */
    record Data(String flow, String poolName, String queueId) {
    }

    private static Data data;

    static synchronized Data data() {
        if (data == null) {
            data = createData();
        }
        return data;
    }

    static String insertFlowRun(String flowId, String type, String name, OffsetDateTime stateTimestamp,
            OffsetDateTime expected, OffsetDateTime start, String tag, String queueId) {
        String id = UUID.randomUUID().toString();
        sql("INSERT INTO flow_run (id, name, flow_id, state_type, state_name, state_timestamp, expected_start_time,"
                + " next_scheduled_start_time, start_time, run_count, tags, work_queue_id)"
                + " VALUES (?, ?, ?, ?::state_type, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)", id, unique("run"), flowId, type,
                name, stateTimestamp, expected, "SCHEDULED".equals(type) ? expected : null, start,
                start == null ? 0 : 1, "[\"" + tag + "\"]", queueId == null ? null : UUID.fromString(queueId));
        return id;
    }

    static void insertTaskRun(String flowRunId, int r, int dynamic, String type, String name, OffsetDateTime ts) {
        sql("INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key, state_type, state_name,"
                + " state_timestamp, expected_start_time, start_time, run_count)"
                + " VALUES (?, ?, ?, ?, ?, ?::state_type, ?, ?, ?, ?, ?)", UUID.randomUUID(), unique("task"),
                UUID.fromString(flowRunId), String.valueOf(r), String.valueOf(dynamic), type, name, ts, ts,
                "RUNNING".equals(type) ? ts : null, "RUNNING".equals(type) ? 1 : 0);
    }

    static Data createData() {
        String[] pool = PortFixtures.workPoolWithQueue();
        String f1 = flow(unique("f-1"));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // a completed flow every 12 hours except weekends
        for (OffsetDateTime d = DT.minusDays(14); !d.isAfter(DT); d = d.plusHours(12)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            insertFlowRun(f1, "COMPLETED", "Completed", d, d, null, "completed", pool[2]);
        }
        // a failed flow every 36 hours except the last 3 days
        for (OffsetDateTime d = DT.minusDays(14); !d.isAfter(DT); d = d.plusHours(36)) {
            if (!d.isBefore(DT.minusDays(3)) && d.isBefore(DT)) {
                continue;
            }
            insertFlowRun(f1, "FAILED", "Failed", d, d, null, "failed", null);
        }
        // a few running runs in the last two days
        for (OffsetDateTime d = DT.minusDays(2); !d.isAfter(DT); d = d.plusHours(6)) {
            insertFlowRun(f1, "RUNNING", "Running", d, d, d, "running", null);
        }
        // scheduled runs
        for (OffsetDateTime d = DT.minusDays(1); !d.isAfter(DT.plusDays(3)); d = d.plusHours(6)) {
            insertFlowRun(f1, "SCHEDULED", "Scheduled", now, d, null, "scheduled", null);
        }
        String fr = insertFlowRun(f1, "RUNNING", "Running", DT, DT, DT, "running", null);
        for (int r = 0; r < 10; r++) {
            insertTaskRun(fr, r, r * 3, "COMPLETED", "Completed", DT.plusMinutes(r));
            insertTaskRun(fr, r, r * 3 + 1, "FAILED", "Failed", DT.plusMinutes(7 + r));
            insertTaskRun(fr, r, r * 3 + 2, "RUNNING", "Running", DT.plusMinutes(14 + r));
        }
        return new Data(f1, pool[1], pool[2]);
    }

    static ValidatableResponse history(String route, OffsetDateTime start, OffsetDateTime end, Duration interval,
            Object... more) {
        Map<String, Object> body = json("history_start", start.toString(), "history_end", end.toString(),
                "history_interval_seconds", interval.toMillis() / 1000.0);
        body.putAll(json(more));
        return given().contentType(ContentType.JSON).body(body).post("/api/" + route + "/history").then()
                .statusCode(200);
    }

    static Map<String, Object> scope() {
        return Map.of("id", Map.of("any_", List.of(data().flow())));
    }

    /** One expected state aggregate: name, type and count, as Prefect's tests compare them. */
    static Map<String, Object> st(String name, int count) {
        return Map.of("state_name", name, "state_type", name.toUpperCase(), "count_runs", count);
    }

    record Bin(OffsetDateTime start, OffsetDateTime end, List<Map<String, Object>> states) {
    }

    static Bin bin(OffsetDateTime start, OffsetDateTime end, List<Map<String, Object>> states) {
        return new Bin(start, end, states);
    }

    /** Compares the bins by start, end and the (name, type, count) of each state, sorted by name. */
    static void assertBins(ValidatableResponse response, List<Bin> expected) {
        List<Map<String, Object>> actual = response.extract().path("$");
        assertEquals(expected.size(), actual.size(), "bins: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> a = actual.get(i);
            Bin e = expected.get(i);
            assertEquals(e.start().toInstant(), OffsetDateTime.parse((String) a.get("interval_start")).toInstant());
            assertEquals(e.end().toInstant(), OffsetDateTime.parse((String) a.get("interval_end")).toInstant());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> states = (List<Map<String, Object>>) a.get("states");
            List<Map<String, Object>> picked = states.stream()
                    .sorted(Comparator.comparing(s -> (String) s.get("state_name")))
                    .map(s -> Map.of("state_name", s.get("state_name"), "state_type", s.get("state_type"),
                            "count_runs", s.get("count_runs")))
                    .toList();
            assertEquals(e.states(), picked, "bin " + i);
        }
    }

    static Stream<Arguments> bins() {
        List<Arguments> out = new ArrayList<>();
        for (String route : List.of("flow_runs", "task_runs")) {
            out.add(Arguments.of(route, DT, DT.plusDays(14), Duration.ofDays(1), 14));
            out.add(Arguments.of(route, DT, DT.plusDays(10), Duration.ofDays(1).plusHours(1), 10));
            out.add(Arguments.of(route, DT, DT.plusDays(10), Duration.ofHours(6), 40));
            out.add(Arguments.of(route, DT, DT.plusDays(10), Duration.ofHours(1), 240));
            out.add(Arguments.of(route, DT, DT.plusDays(1), Duration.ofHours(1).plusMinutes(6), 22));
            out.add(Arguments.of(route, DT, DT.plusHours(5), Duration.ofMinutes(1), 300));
            out.add(Arguments.of(route, DT, DT.plusDays(1).plusHours(5), Duration.ofMinutes(15), 116));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("bins")
    void history(String route, OffsetDateTime start, OffsetDateTime end, Duration interval, int expectedBins) {
        List<Map<String, Object>> bins = history(route, start, end, interval, "flows", scope()).extract().path("$");
        assertEquals(expectedBins, bins.size());
        List<OffsetDateTime> starts = bins.stream().map(b -> OffsetDateTime.parse((String) b.get("interval_start")))
                .toList();
        assertEquals(start.toInstant(), starts.stream().min(Comparator.naturalOrder()).orElseThrow().toInstant());
        assertEquals(interval, Duration.between(starts.get(0),
                OffsetDateTime.parse((String) bins.get(0).get("interval_end"))));
        assertEquals(start.plus(interval.multipliedBy(expectedBins - 1)).toInstant(),
                starts.stream().max(Comparator.naturalOrder()).orElseThrow().toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flow_runs", "task_runs"})
    void historyReturnsMaximumItems(String route) {
        List<String> starts = history(route, DT, DT.plusDays(10), Duration.ofMinutes(1), "flows", scope())
                .body("$", hasSize(500)).extract().path("interval_start");
        assertEquals("2021-07-01T00:00:00+00:00", starts.stream().min(Comparator.naturalOrder()).orElseThrow());
        assertEquals("2021-07-01T08:19:00+00:00", starts.stream().max(Comparator.naturalOrder()).orElseThrow());
    }

    @Test
    void dailyBinsFlowRuns() {
        assertBins(history("flow_runs", DT.minusDays(5), DT.plusDays(1), Duration.ofDays(1), "flows", scope()),
                List.of(
                        bin(DT.minusDays(5), DT.minusDays(4), List.of(st("Failed", 1))),
                        bin(DT.minusDays(4), DT.minusDays(3), List.of(st("Failed", 1))),
                        bin(DT.minusDays(3), DT.minusDays(2), List.of(st("Completed", 2))),
                        bin(DT.minusDays(2), DT.minusDays(1), List.of(st("Completed", 2), st("Running", 4))),
                        bin(DT.minusDays(1), DT, List.of(st("Completed", 2), st("Running", 4), st("Scheduled", 4))),
                        bin(DT, DT.plusDays(1), List.of(st("Completed", 1), st("Running", 2), st("Scheduled", 4)))));
    }

    @Test
    void weeklyBinsFlowRuns() {
        assertBins(history("flow_runs", DT.minusDays(16), DT.plusDays(6), Duration.ofDays(7), "flows", scope()),
                List.of(
                        bin(DT.minusDays(16), DT.minusDays(9), List.of(st("Completed", 6), st("Failed", 4))),
                        bin(DT.minusDays(9), DT.minusDays(2), List.of(st("Completed", 10), st("Failed", 4))),
                        bin(DT.minusDays(2), DT.plusDays(5),
                                List.of(st("Completed", 5), st("Running", 10), st("Scheduled", 17))),
                        bin(DT.plusDays(5), DT.plusDays(12), List.of())));
    }

    @Test
    void weeklyBinsWithFiltersFlowRuns() {
        assertBins(history("flow_runs", DT.minusDays(16), DT.plusDays(6), Duration.ofDays(7), "flows", scope(),
                "flow_runs", Map.of("state", Map.of("type", Map.of("any_", List.of("FAILED", "SCHEDULED"))))),
                List.of(
                        bin(DT.minusDays(16), DT.minusDays(9), List.of(st("Failed", 4))),
                        bin(DT.minusDays(9), DT.minusDays(2), List.of(st("Failed", 4))),
                        bin(DT.minusDays(2), DT.plusDays(5), List.of(st("Scheduled", 17))),
                        bin(DT.plusDays(5), DT.plusDays(12), List.of())));
    }

    static List<Bin> completedOnly() {
        return List.of(
                bin(DT.minusDays(5), DT.minusDays(4), List.of()),
                bin(DT.minusDays(4), DT.minusDays(3), List.of()),
                bin(DT.minusDays(3), DT.minusDays(2), List.of(st("Completed", 2))),
                bin(DT.minusDays(2), DT.minusDays(1), List.of(st("Completed", 2))),
                bin(DT.minusDays(1), DT, List.of(st("Completed", 2))),
                bin(DT, DT.plusDays(1), List.of(st("Completed", 1))));
    }

    @Test
    void weeklyBinsWithFiltersWorkPools() {
        assertBins(history("flow_runs", DT.minusDays(5), DT.plusDays(1), Duration.ofDays(1), "work_pools",
                Map.of("name", Map.of("any_", List.of(data().poolName())))), completedOnly());
    }

    @Test
    void weeklyBinsWithFiltersWorkQueues() {
        assertBins(history("flow_runs", DT.minusDays(5), DT.plusDays(1), Duration.ofDays(1), "work_queues",
                Map.of("id", Map.of("any_", List.of(data().queueId())))), completedOnly());
    }

    @Test
    void fiveMinuteBinsTaskRuns() {
        assertBins(history("task_runs", DT.minusMinutes(5), DT.plusMinutes(15), Duration.ofMinutes(5), "flows",
                scope()), List.of(
                        bin(DT.minusMinutes(5), DT, List.of()),
                        bin(DT, DT.plusMinutes(5), List.of(st("Completed", 5))),
                        bin(DT.plusMinutes(5), DT.plusMinutes(10), List.of(st("Completed", 5), st("Failed", 3))),
                        bin(DT.plusMinutes(10), DT.plusMinutes(15), List.of(st("Failed", 5), st("Running", 1)))));
    }

    @Test
    void fiveMinuteBinsTaskRunsWithFilter() {
        assertBins(history("task_runs", DT.minusMinutes(5), DT.plusMinutes(15), Duration.ofMinutes(5), "flows",
                scope(), "task_runs", Map.of("state", Map.of("type", Map.of("any_", List.of("COMPLETED", "RUNNING"))))),
                List.of(
                        bin(DT.minusMinutes(5), DT, List.of()),
                        bin(DT, DT.plusMinutes(5), List.of(st("Completed", 5))),
                        bin(DT.plusMinutes(5), DT.plusMinutes(10), List.of(st("Completed", 5))),
                        bin(DT.plusMinutes(10), DT.plusMinutes(15), List.of(st("Running", 1)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flow_runs", "task_runs"})
    void lastBinContainsEndDate(String route) {
        history(route, DT, DT.plusDays(1).plusMinutes(30), Duration.ofDays(1), "flows", scope())
                .body("$", hasSize(2))
                .body("[0].interval_start", equalTo("2021-07-01T00:00:00+00:00"))
                .body("[0].interval_end", equalTo("2021-07-02T00:00:00+00:00"))
                .body("[1].interval_start", equalTo("2021-07-02T00:00:00+00:00"))
                .body("[1].interval_end", equalTo("2021-07-03T00:00:00+00:00"));
    }

    /** An interval of centuries is one bin (PostgreSQL's make_interval(secs => ...) alone would overflow). */
    @ParameterizedTest
    @ValueSource(strings = {"flow_runs", "task_runs"})
    void historyWithAVeryLongInterval(String route) {
        List<String> ends = history(route, DT, DT.plusDays(1), Duration.ofSeconds(10_000_000_000L), "flows", scope())
                .body("$", hasSize(1)).body("[0].interval_start", equalTo("2021-07-01T00:00:00+00:00"))
                .extract().path("interval_end");
        assertEquals(DT.plusSeconds(10_000_000_000L).toInstant(), OffsetDateTime.parse(ends.get(0)).toInstant());
    }

    @Test
    void flowRunLateness() {
        String f = flow(unique("lateness"));
        // started 3 seconds late and completed
        String fr1 = insertFlowRun(f, "COMPLETED", "Completed", DT, DT.minusMinutes(40),
                DT.minusMinutes(39).minusSeconds(57), "x", null);
        sql("UPDATE flow_run SET end_time = ?, total_run_time = interval '39 minutes 57 seconds' WHERE id = ?", DT,
                fr1);
        // started 10 minutes late, still running
        insertFlowRun(f, "RUNNING", "Running", DT.minusMinutes(5), DT.minusMinutes(15), DT.minusMinutes(5), "x",
                null);
        // never started
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        insertFlowRun(f, "SCHEDULED", "Scheduled", now, DT.minusMinutes(1), null, "x", null);
        insertFlowRun(f, "SCHEDULED", "Scheduled", now, DT.minusSeconds(25), null, "x", null);

        OffsetDateTime requestTime = OffsetDateTime.now(ZoneOffset.UTC);
        List<Map<String, Object>> bins = history("flow_runs", DT.minusDays(1), DT.plusDays(1), Duration.ofDays(2),
                "flows", Map.of("id", Map.of("any_", List.of(f)))).body("$", hasSize(1)).extract().jsonPath()
                .using(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE))
                .getList("$");
        Map<String, Object> interval = bins.get(0);
        assertEquals("2021-06-30T00:00:00+00:00", interval.get("interval_start"));
        assertEquals("2021-07-02T00:00:00+00:00", interval.get("interval_end"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> states = new ArrayList<>((List<Map<String, Object>>) interval.get("states"));
        states.sort(Comparator.comparing(s -> (String) s.get("state_name")));
        assertEquals(3, states.size());

        Map<String, Object> completed = states.get(0);
        assertEquals("COMPLETED", completed.get("state_type"));
        assertEquals(1, seconds(completed.get("count_runs")));
        assertEquals(39 * 60 + 57, seconds(completed.get("sum_estimated_run_time")), 1e-6);
        assertEquals(3, seconds(completed.get("sum_estimated_lateness")), 1e-6);

        Map<String, Object> running = states.get(1);
        assertEquals("RUNNING", running.get("state_type"));
        assertEquals(1, seconds(running.get("count_runs")));
        double expectedRunTime = Duration.between(DT.minusMinutes(5), OffsetDateTime.now(ZoneOffset.UTC))
                .toMillis() / 1000.0;
        double runTime = seconds(running.get("sum_estimated_run_time"));
        assertTrue(expectedRunTime - 30 < runTime && runTime <= expectedRunTime + 1, runTime + " vs " + expectedRunTime);
        assertEquals(600, seconds(running.get("sum_estimated_lateness")), 1e-6);

        Map<String, Object> scheduled = states.get(2);
        assertEquals("SCHEDULED", scheduled.get("state_type"));
        assertEquals(2, seconds(scheduled.get("count_runs")));
        assertEquals(0, seconds(scheduled.get("sum_estimated_run_time")), 1e-6);
        double expectedLateness = (Duration.between(DT.minusMinutes(1), requestTime).toMillis()
                + Duration.between(DT.minusSeconds(25), requestTime).toMillis()) / 1000.0;
        assertTrue(Math.abs(expectedLateness - seconds(scheduled.get("sum_estimated_lateness"))) < 60,
                scheduled + " vs " + expectedLateness);
    }

    static double seconds(Object value) {
        return ((Number) value).doubleValue();
    }

    // ------------------------------------------------------------------ bad input of the history routes

    @ParameterizedTest
    @ValueSource(strings = {"flow_runs", "task_runs"})
    void historyRejectsBadInput(String route) {
        Map<String, Object> good = json("history_start", DT.toString(), "history_end", DT.plusDays(1).toString(),
                "history_interval_seconds", 3600);
        for (String missing : List.of("history_start", "history_end", "history_interval_seconds")) {
            Map<String, Object> body = new HashMap<>(good);
            body.remove(missing);
            given().contentType(ContentType.JSON).body(body).post("/api/" + route + "/history").then()
                    .statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", missing)))
                    .body("exception_detail[0].type", equalTo("value_error.missing"));
        }
        Map<String, Object> badStart = new HashMap<>(good);
        badStart.put("history_start", "yesterday");
        given().contentType(ContentType.JSON).body(badStart).post("/api/" + route + "/history").then()
                .statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "history_start")));
        Map<String, Object> badInterval = new HashMap<>(good);
        badInterval.put("history_interval_seconds", "hourly");
        given().contentType(ContentType.JSON).body(badInterval).post("/api/" + route + "/history").then()
                .statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "history_interval_seconds")));
        Map<String, Object> badFilter = new HashMap<>(good);
        badFilter.put("flows", Map.of("nme", Map.of("any_", List.of("x"))));
        given().contentType(ContentType.JSON).body(badFilter).post("/api/" + route + "/history").then()
                .statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "flows", "nme")))
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        given().post("/api/" + route + "/history").then().statusCode(422);
    }
}
