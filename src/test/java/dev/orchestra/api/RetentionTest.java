package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.query;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.orchestra.service.RetentionService;
import dev.orchestra.service.RunCountCompactionService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The retention service: off by default; deletes top-level flow runs in a final state that ended before the cutoff,
 * batch by batch, with their states, task runs and their states, logs and inputs, and leaves every other run; the
 * run counts (history and counts by state) stay equal to the runs that remain.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    RetentionService retention;
    @Inject
    RunCountCompactionService compaction;

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    private static String run(String flowId, String type, OffsetDateTime end, UUID parentTask) {
        String id = UUID.randomUUID().toString();
        UUID state = UUID.randomUUID();
        OffsetDateTime expected = (end == null ? NOW : end).minusMinutes(5);
        sql("INSERT INTO flow_run (id, name, flow_id, expected_start_time, start_time, end_time, parent_task_run_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", UUID.fromString(id), unique("run"), UUID.fromString(flowId),
                expected, expected, end, parentTask);
        sql("INSERT INTO flow_run_state (id, flow_run_id, type, timestamp, name) VALUES (?, ?, ?::state_type, ?, ?)",
                state, UUID.fromString(id), type, expected, type.toLowerCase());
        sql("UPDATE flow_run SET state_id = ?, state_type = ?::state_type, state_name = ?, state_timestamp = ?"
                + " WHERE id = ?", state, type, type.toLowerCase(), expected, UUID.fromString(id));
        UUID task = UUID.randomUUID();
        UUID taskState = UUID.randomUUID();
        sql("INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key, expected_start_time, state_type,"
                + " state_name) VALUES (?, ?, ?, 'k', '0', ?, 'COMPLETED', 'Completed')", task, unique("task"),
                UUID.fromString(id), expected);
        sql("INSERT INTO task_run_state (id, task_run_id, type, timestamp, name) VALUES (?, ?, 'COMPLETED', ?,"
                + " 'Completed')", taskState, task, expected);
        sql("INSERT INTO log (name, level, flow_run_id, task_run_id, message, timestamp) VALUES ('l', 20, ?, ?,"
                + " 'hello', ?)", UUID.fromString(id), task, expected);
        sql("INSERT INTO flow_run_input (key, value, flow_run_id) VALUES ('k', '1', ?)", UUID.fromString(id));
        return id;
    }

    private static long count(String sql, Object... params) {
        return ((Number) query(sql, params).get(0).get(0)).longValue();
    }

    private static long apiCount(String route, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/" + route + "/count").then()
                .statusCode(200).extract().as(Long.class);
    }

    @Test
    void deletesOldFinishedTopLevelRunsWithEverythingTheyOwnAndKeepsTheCountsExact() {
        assertFalse(retention.enabled(), "off by default");
        String flowId = flow(unique("retention"));
        OffsetDateTime old = NOW.minusDays(200);
        List<String> doomed = new ArrayList<>();
        for (String type : List.of("COMPLETED", "FAILED", "CANCELLED", "CRASHED", "COMPLETED")) {
            doomed.add(run(flowId, type, old, null));
        }
        List<String> kept = new ArrayList<>();
        kept.add(run(flowId, "RUNNING", old, null));
        kept.add(run(flowId, "SCHEDULED", null, null));
        kept.add(run(flowId, "COMPLETED", NOW.minusDays(2), null));
        kept.add(run(flowId, "FAILED", NOW.minusDays(89), null));
        UUID parentTask = UUID.fromString((String) query("SELECT id::text FROM task_run WHERE flow_run_id = ?",
                UUID.fromString(kept.get(0))).get(0).get(0));
        kept.add(run(flowId, "COMPLETED", old, parentTask));
        compaction.runOnce().await().atMost(Duration.ofSeconds(30));

        int deleted = retention.deleteEndedBefore(NOW.minusDays(90)).await().atMost(Duration.ofSeconds(60));

        // other tests' runs may be old too; this flow's five are gone, with everything they own
        assertEquals(true, deleted >= 5);
        for (String id : doomed) {
            UUID run = UUID.fromString(id);
            assertEquals(0, count("SELECT count(*) FROM flow_run WHERE id = ?", run));
            assertEquals(0, count("SELECT count(*) FROM flow_run_state WHERE flow_run_id = ?", run));
            assertEquals(0, count("SELECT count(*) FROM task_run WHERE flow_run_id = ?", run));
            assertEquals(0, count("SELECT count(*) FROM log WHERE flow_run_id = ?", run));
            assertEquals(0, count("SELECT count(*) FROM flow_run_input WHERE flow_run_id = ?", run));
        }
        assertEquals(0, count("SELECT count(*) FROM task_run_state s WHERE NOT EXISTS"
                + " (SELECT 1 FROM task_run t WHERE t.id = s.task_run_id)"));
        for (String id : kept) {
            assertEquals(1, count("SELECT count(*) FROM flow_run WHERE id = ?", UUID.fromString(id)));
            assertEquals(1, count("SELECT count(*) FROM log WHERE flow_run_id = ?", UUID.fromString(id)));
        }

        // counts and history answered from the run counts match the runs that are left
        Map<String, Object> ofFlow = Map.of("flows", Map.of("id", Map.of("any_", List.of(flowId))));
        assertEquals(5, apiCount("flow_runs", ofFlow));
        Map<String, Object> finished = new HashMap<>(ofFlow);
        finished.put("flow_runs", Map.of("state", Map.of("type", Map.of("any_", List.of("COMPLETED", "FAILED",
                "CANCELLED", "CRASHED")))));
        assertEquals(3, apiCount("flow_runs", finished));
        compaction.runOnce().await().atMost(Duration.ofSeconds(30));
        assertEquals(5, apiCount("flow_runs", ofFlow));
        Map<String, Object> history = new HashMap<>(ofFlow);
        history.put("history_start", old.minusDays(1).toString());
        history.put("history_end", NOW.plusDays(1).toString());
        history.put("history_interval_seconds", 86400 * 100);
        List<Integer> counts = given().contentType(ContentType.JSON).body(history).when()
                .post("/api/flow_runs/history").then().statusCode(200).extract().jsonPath()
                .getList("states.flatten().count_runs", Integer.class);
        assertEquals(5, counts.stream().mapToInt(Integer::intValue).sum());
        assertEquals(0, count("SELECT count(*) FROM flow_run_count WHERE runs = 0 AND bucket >= ? AND bucket < ?",
                old.minusDays(1), old.plusDays(1)), "compaction drops the minutes left empty");
        assertEquals(0, count("SELECT count(*) FROM flow_run_count_block WHERE runs = 0 AND bucket >= ?"
                + " AND bucket < ?", old.minusDays(1), old.plusDays(1)), "and the ten-minute blocks left empty");
    }
}
