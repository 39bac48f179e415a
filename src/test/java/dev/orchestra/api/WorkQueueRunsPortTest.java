package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ports of Prefect's tests/server/api/test_work_queues.py {@code TestGetRunsInWorkQueue} (the agent's poll) and
 * {@code TestReadWorkQueueStatus}.
 */
@QuarkusTest
class WorkQueueRunsPortTest {

    String flowId;
    String deploymentId;
    String queue1;
    String queue1Name;
    String queue2;
    String queue2Name;

    static ValidatableResponse post(String path, Object body, Object... params) {
        return given().contentType(ContentType.JSON).body(body).when().post(path, params).then();
    }

    static ValidatableResponse patch(String path, Object body, Object... params) {
        return given().contentType(ContentType.JSON).body(body).when().patch(path, params).then();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    @BeforeEach
    void setUp() {
        flowId = flow();
        queue1Name = unique("wq-1");
        queue2Name = unique("wq-2");
        queue1 = post("/api/work_queues/", json("name", queue1Name)).statusCode(201).extract().path("id");
        queue2 = post("/api/work_queues/", json("name", queue2Name)).statusCode(201).extract().path("id");
        deploymentId = post("/api/deployments/", json("name", unique("d"), "flow_id", flowId, "work_queue_name",
                queue1Name)).statusCode(201).extract().path("id");
    }

    /** A run of the deployment in a queue known by name only, as Prefect's fixtures make them. */
    String run(String queueName, Map<String, Object> state) {
        String id = PortFixtures.flowRun("flow_id", flowId, "deployment_id", deploymentId, "state", state);
        sql("UPDATE flow_run SET work_queue_name = ?, work_queue_id = NULL WHERE id = ?", queueName, id);
        return id;
    }

    void scheduledFlowRuns() {
        for (int i = 0; i < 3; i++) {
            for (String q : List.of(queue1Name, queue2Name)) {
                run(q, json("type", "SCHEDULED", "state_details", json("scheduled_time",
                        now().plusMinutes(i).toString())));
            }
        }
    }

    void runningFlowRuns() {
        for (int i = 0; i < 3; i++) {
            for (String q : List.of(queue1Name, queue2Name)) {
                run(q, json("type", i == 0 ? "RUNNING" : "PENDING"));
            }
        }
    }

    List<Map<String, Object>> runs(String queueId, Object body) {
        return post("/api/work_queues/{id}/get_runs", body, queueId).statusCode(200).extract().path("$");
    }

    @Test
    void test_get_runs_in_queue() {
        scheduledFlowRuns();
        runningFlowRuns();
        List<Map<String, Object>> runs1 = runs(queue1, Map.of());
        List<Map<String, Object>> runs2 = runs(queue2, Map.of());
        assertEquals(3, runs1.size());
        assertEquals(3, runs2.size());
        runs1.forEach(r -> assertEquals(queue1Name, r.get("work_queue_name")));
        runs2.forEach(r -> assertEquals(queue2Name, r.get("work_queue_name")));
        assertNotEquals(Set.copyOf(runs1), Set.copyOf(runs2));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 0})
    void test_get_runs_in_queue_limit(int limit) {
        scheduledFlowRuns();
        runningFlowRuns();
        assertEquals(limit, runs(queue1, json("limit", limit)).size());
    }

    @Test
    void test_get_runs_in_queue_scheduled_before() {
        scheduledFlowRuns();
        runningFlowRuns();
        assertEquals(1, runs(queue1, json("scheduled_before", now().toString())).size());
    }

    @Test
    void test_get_runs_in_queue_nonexistant() {
        post("/api/work_queues/{id}/get_runs", Map.of(), UUID.randomUUID()).statusCode(404);
    }

    @Test
    void test_get_runs_in_queue_paused() {
        scheduledFlowRuns();
        patch("/api/work_queues/{id}", json("is_paused", true), queue1).statusCode(204);
        assertEquals(List.of(), runs(queue1, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 5, 1})
    void test_get_runs_in_queue_concurrency_limit(int concurrencyLimit) {
        scheduledFlowRuns();
        runningFlowRuns();
        patch("/api/work_queues/{id}", json("concurrency_limit", concurrencyLimit), queue1).statusCode(204);
        assertEquals(Math.max(0, Math.min(3, concurrencyLimit - 3)), runs(queue1, Map.of()).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1})
    void test_get_runs_in_queue_concurrency_limit_and_limit(int limit) {
        scheduledFlowRuns();
        runningFlowRuns();
        patch("/api/work_queues/{id}", json("concurrency_limit", 5), queue1).statusCode(204);
        assertEquals(Math.min(limit, 2), runs(queue1, json("limit", limit)).size());
    }

    String lastPolled(String queueId) {
        return given().get("/api/work_queues/{id}", queueId).then().statusCode(200).extract().path("last_polled");
    }

    @Test
    void test_read_work_queue_runs_updates_work_queue_last_polled_time() {
        OffsetDateTime before = now();
        runs(queue1, Map.of());
        String polled = lastPolled(queue1);
        assertTrue(OffsetDateTime.parse(polled).isAfter(before));
        given().contentType(ContentType.JSON).header("X-PREFECT-UI", "true").body(Map.of())
                .post("/api/work_queues/{id}/get_runs", queue1).then().statusCode(200);
        assertEquals(polled, lastPolled(queue1), "a look from the UI is not a poll");
    }

    @Test
    void test_read_work_queue_runs_associated_deployments_return_status_of_ready() {
        given().get("/api/deployments/{id}", deploymentId).then().body("status", equalTo("NOT_READY"));
        runs(queue1, Map.of());
        given().get("/api/deployments/{id}", deploymentId).then().body("status", equalTo("READY"));
    }

    @Test
    void test_read_work_queue_runs_updates_work_queue_status() {
        given().get("/api/work_queues/{id}", queue1).then().body("status", equalTo("NOT_READY"));
        runs(queue1, json("agent_id", UUID.randomUUID().toString()));
        given().get("/api/work_queues/{id}", queue1).then().body("status", equalTo("READY"));
    }

    @Test
    void test_read_work_queue_runs_does_not_update_a_paused_work_queues_status() {
        patch("/api/work_queues/{id}", json("is_paused", true), queue1).statusCode(204);
        given().get("/api/work_queues/{id}", queue1).then().body("status", equalTo("PAUSED"));
        runs(queue1, json("agent_id", UUID.randomUUID().toString()));
        given().get("/api/work_queues/{id}", queue1).then().body("status", equalTo("PAUSED"));
    }

    @Test
    void runs_placed_by_queue_id_are_found_and_bad_input_is_422() {
        String id = PortFixtures.flowRun("flow_id", flowId, "state", json("type", "SCHEDULED"));
        PortFixtures.onWorkQueue(id, queue2);
        assertEquals(List.of(id), runs(queue2, Map.of()).stream().map(r -> r.get("id")).toList());
        post("/api/work_queues/{id}/get_runs", json("limit", -1), queue1).statusCode(422);
        post("/api/work_queues/{id}/get_runs", json("scheduled_before", "soon"), queue1).statusCode(422);
        post("/api/work_queues/{id}/get_runs", json("agent_id", "nope"), queue1).statusCode(422);
        post("/api/work_queues/{id}/get_runs", Map.of(), "nope").statusCode(422);
        given().contentType(ContentType.JSON).header("X-PREFECT-UI", "maybe").body(Map.of())
                .post("/api/work_queues/{id}/get_runs", queue1).then().statusCode(422);
        given().post("/api/work_queues/{id}/get_runs", queue1).then().statusCode(200);
    }

    @Test
    void a_legacy_tag_queue_finds_the_runs_of_deployments_with_its_tags() {
        String tag = unique("tag");
        String legacy = post("/api/work_queues/", json("name", unique("legacy"), "filter",
                json("tags", List.of(tag)))).statusCode(201).extract().path("id");
        String run = PortFixtures.flowRun("flow_id", flowId, "deployment_id", deploymentId, "tags",
                List.of(tag, "other"), "state", json("type", "SCHEDULED"));
        PortFixtures.flowRun("flow_id", flowId, "tags", List.of(tag), "state", json("type", "SCHEDULED"));
        assertEquals(List.of(run), runs(legacy, Map.of()).stream().map(r -> r.get("id")).toList());
        patch("/api/work_queues/{id}", json("concurrency_limit", 0), legacy).statusCode(204);
        assertEquals(0, runs(legacy, Map.of()).size());
    }

    // ---- TestReadWorkQueueStatus

    @Test
    void test_read_work_queue_status() {
        runs(queue1, Map.of());
        given().get("/api/work_queues/{id}/status", queue1).then().statusCode(200).body("healthy", equalTo(true))
                .body("late_runs_count", equalTo(0)).body("health_check_policy.maximum_late_runs", equalTo(0))
                .body("health_check_policy.maximum_seconds_since_last_polled", equalTo(60));
        assertEquals(lastPolled(queue1), given().get("/api/work_queues/{id}/status", queue1).then().extract()
                .path("last_polled"));
    }

    @Test
    void test_read_work_queue_status_unhealthy_due_to_lack_of_polls() {
        given().get("/api/work_queues/{id}/status", queue1).then().statusCode(200).body("healthy", equalTo(false))
                .body("late_runs_count", equalTo(0)).body("last_polled", nullValue());
        sql("UPDATE work_queue SET last_polled = now() - interval '2 minutes' WHERE id = ?", queue1);
        given().get("/api/work_queues/{id}/status", queue1).then().body("healthy", equalTo(false));
    }

    @Test
    void test_read_work_queue_status_unhealthy_due_to_late_runs() {
        runs(queue1, Map.of());
        String late = PortFixtures.flowRun("flow_id", flowId, "state", json("type", "SCHEDULED", "name", "Late"));
        PortFixtures.onWorkQueue(late, queue1);
        given().get("/api/work_queues/{id}/status", queue1).then().statusCode(200).body("healthy", equalTo(false))
                .body("late_runs_count", equalTo(1));
    }

    @Test
    void test_read_work_queue_returns_correct_status_when_work_queues_share_name() {
        String[] pool = PortFixtures.workPoolWithQueue();
        String sameName = post("/api/work_pools/{pool}/queues", json("name", queue1Name), pool[1]).statusCode(201)
                .extract().path("id");
        String late = PortFixtures.flowRun("flow_id", flowId, "state", json("type", "SCHEDULED", "name", "Late"));
        PortFixtures.onWorkQueue(late, sameName);
        runs(queue1, Map.of());
        given().get("/api/work_queues/{id}/status", queue1).then().body("healthy", equalTo(true))
                .body("late_runs_count", equalTo(0));
        given().get("/api/work_queues/{id}/status", sameName).then().body("healthy", equalTo(false))
                .body("late_runs_count", equalTo(1));
    }

    @Test
    void test_read_work_queue_status_returns_404_if_does_not_exist() {
        given().get("/api/work_queues/{id}/status", UUID.randomUUID()).then().statusCode(404);
        given().get("/api/work_queues/{id}/status", "nope").then().statusCode(422);
    }
}
