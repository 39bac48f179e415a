package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.orchestra.service.background.MarkLateRuns;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Port of Prefect's tests/server/services/test_late_runs.py: one pass of {@code MarkLateRuns} at a time. */
@QuarkusTest
class LateRunsPortTest {

    @Inject
    MarkLateRuns service;

    static String scheduledRun(OffsetDateTime at) {
        return PortFixtures.flowRun("flow_id", flow(), "state", json("type", "SCHEDULED", "state_details",
                json("scheduled_time", at.toString())));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static JsonPath read(String id) {
        return given().get("/api/flow_runs/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    void markLate(long afterSeconds) {
        service.markLate(Duration.ofSeconds(afterSeconds)).await().atMost(Duration.ofSeconds(60));
    }

    void checkMarked(String run, boolean late, long afterSeconds) {
        JsonPath before = read(run);
        assertEquals("Scheduled", before.getString("state.name"));
        String scheduled = before.getString("state.state_details.scheduled_time");
        assertEquals(OffsetDateTime.parse(scheduled).toInstant(),
                OffsetDateTime.parse(before.getString("next_scheduled_start_time")).toInstant(),
                "Next scheduled time is set by orchestration rules correctly");
        markLate(afterSeconds);
        JsonPath after = read(run);
        assertEquals(late ? "Late" : "Scheduled", after.getString("state.name"));
        assertEquals("SCHEDULED", after.getString("state.type"));
        assertEquals(OffsetDateTime.parse(scheduled).toInstant(),
                OffsetDateTime.parse(after.getString("state.state_details.scheduled_time")).toInstant(),
                "Scheduled time is unchanged");
    }

    @Test
    void test_marks_late_run() {
        checkMarked(scheduledRun(now().minusMinutes(1)), true, 5);
    }

    @Test
    void test_marks_late_run_at_buffer() {
        checkMarked(scheduledRun(now().minusMinutes(1)), true, 60);
    }

    @Test
    void test_does_not_mark_run_late_if_within_buffer() {
        // Prefect waits 61 s for a run 60 s late; 90 here, so a slow machine does not make it late meanwhile
        checkMarked(scheduledRun(now().minusMinutes(1)), false, 90);
    }

    @Test
    void test_does_not_mark_run_late_if_in_future() {
        checkMarked(scheduledRun(now().plusMinutes(1)), false, 5);
    }

    @Test
    void test_does_not_mark_run_late_if_now() {
        checkMarked(scheduledRun(now()), false, 5);
    }

    @Test
    void test_mark_late_runs_doesnt_visit_runs_twice() {
        String run = scheduledRun(now().minusMinutes(1));
        JsonPath first = read(run);
        markLate(5);
        JsonPath second = read(run);
        assertNotEquals(first.getString("state.id"), second.getString("state.id"));
        assertNotEquals(first.getString("state.timestamp"), second.getString("state.timestamp"));
        markLate(5);
        JsonPath third = read(run);
        assertEquals(second.getString("state.id"), third.getString("state.id"));
        assertEquals(second.getString("state.timestamp"), third.getString("state.timestamp"));
    }

    @Test
    void test_mark_late_runs_marks_multiple_runs_as_late() {
        String run1 = scheduledRun(now().minusMinutes(1));
        String run2 = scheduledRun(now().minusMinutes(1));
        markLate(5);
        assertEquals("Late", read(run1).getString("state_name"));
        assertEquals("Late", read(run2).getString("state_name"));
    }

    @Test
    void a_run_a_worker_took_is_not_marked() {
        String run = scheduledRun(now().minusMinutes(1));
        PortFixtures.setFlowState(run, json("type", "PENDING")).statusCode(201);
        markLate(5);
        assertEquals("PENDING", read(run).getString("state_type"));
    }

    @Test
    void a_late_run_counts_against_its_queue_health() {
        String[] pool = PortFixtures.workPoolWithQueue();
        String run = scheduledRun(now().minusMinutes(1));
        PortFixtures.onWorkQueue(run, pool[2]);
        given().get("/api/work_queues/{id}/status", pool[2]).then().statusCode(200)
                .body("late_runs_count", org.hamcrest.Matchers.equalTo(0));
        markLate(5);
        given().get("/api/work_queues/{id}/status", pool[2]).then().statusCode(200)
                .body("late_runs_count", org.hamcrest.Matchers.equalTo(1))
                .body("healthy", org.hamcrest.Matchers.equalTo(false));
    }
}
