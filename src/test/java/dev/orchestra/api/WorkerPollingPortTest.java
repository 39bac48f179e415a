package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.onWorkQueue;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Port of Prefect's tests/server/api/test_workers.py {@code TestGetScheduledRuns} (the worker's poll), with the
 * polling rules Prefect's query encodes and its tests leave implicit: queue priority, paused pools and queues, pool and
 * queue concurrency limits, and the answer's shape.
 */
@QuarkusTest
class WorkerPollingPortTest {

    String flowId;
    /** Pool name to its queue names (AA, AB, AC for pool A, ...), in creation order. */
    final Map<String, List<String>> pools = new LinkedHashMap<>();
    final Map<String, String> queueIds = new LinkedHashMap<>();
    final Map<String, String> poolNames = new LinkedHashMap<>();

    static ValidatableResponse post(String path, Object body, Object... params) {
        return given().contentType(ContentType.JSON).body(body).when().post(path, params).then();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    String run(String queue, Map<String, Object> state) {
        String id = PortFixtures.flowRun("flow_id", flowId, "state", state);
        onWorkQueue(id, queueIds.get(queue));
        return id;
    }

    /**
     * Prefect's fixture: pools A, B, C with queues AA..CC; in each queue one RUNNING and one PENDING run and five
     * SCHEDULED runs from an hour ago to three hours ahead, inserted latest first.
     */
    @BeforeEach
    void setup() {
        flowId = flow();
        for (String p : List.of("A", "B", "C")) {
            String poolName = unique("pool-" + p);
            poolNames.put(p, poolName);
            post("/api/work_pools/", json("name", poolName)).statusCode(201);
            List<String> names = new ArrayList<>();
            for (String q : List.of(p + "A", p + "B", p + "C")) {
                String id = post("/api/work_pools/{name}/queues", json("name", q), poolName).statusCode(201)
                        .extract().path("id");
                queueIds.put(q, id);
                names.add(q);
                run(q, json("type", "RUNNING"));
                run(q, json("type", "PENDING"));
                for (int i = 3; i >= -1; i--) {
                    run(q, json("type", "SCHEDULED", "state_details",
                            json("scheduled_time", now().plusHours(i).toString())));
                }
            }
            pools.put(p, names);
        }
    }

    ValidatableResponse poll(String pool, Object body) {
        return post("/api/work_pools/{name}/get_scheduled_flow_runs", body, poolNames.get(pool));
    }

    List<Map<String, Object>> runs(String pool, Object body) {
        return poll(pool, body).statusCode(200).extract().path("$");
    }

    @Test
    void test_get_all_runs() {
        List<Map<String, Object>> data = runs("A", Map.of());
        assertEquals(15, data.size());
        List<String> times = new ArrayList<>();
        data.forEach(r -> times.add((String) ((Map<?, ?>) r.get("flow_run")).get("next_scheduled_start_time")));
        List<String> sorted = new ArrayList<>(times);
        sorted.sort(null);
        assertNotEquals(sorted, times, "sorted by queue priority first, not by time");
    }

    @Test
    void test_get_all_runs_limit() {
        assertEquals(7, runs("A", json("limit", 7)).size());
    }

    @Test
    void test_get_all_runs_wq_aa() {
        assertEquals(5, runs("A", json("work_queue_names", List.of("AA"))).size());
    }

    @Test
    void test_get_all_runs_wq_aa_wq_ab() {
        assertEquals(10, runs("A", json("work_queue_names", List.of("AA", "AB"))).size());
    }

    @Test
    void test_get_all_runs_wq_ba_wrong_pool() {
        poll("A", json("work_queue_names", List.of("BA"))).statusCode(404)
                .body("detail", equalTo("Work pool queue '" + poolNames.get("A") + "/BA' not found."));
    }

    @Test
    void test_get_all_runs_scheduled_before() {
        assertEquals(6, runs("A", json("scheduled_before", now().toString())).size());
    }

    @Test
    void test_get_all_runs_scheduled_after() {
        assertEquals(9, runs("A", json("scheduled_after", now().toString())).size());
    }

    @Test
    void test_get_all_runs_scheduled_before_and_after() {
        assertEquals(0, runs("A", json("scheduled_before", now().minusHours(1).toString(), "scheduled_after",
                now().toString())).size());
    }

    List<Map<String, Object>> queuesOf(String pool) {
        return post("/api/work_pools/{name}/queues/filter", Map.of(), poolNames.get(pool)).statusCode(200).extract()
                .path("$");
    }

    @Test
    void test_updates_last_polled_on_a_single_work_queue() {
        OffsetDateTime before = now();
        runs("A", json("work_queue_names", List.of("AA")));
        given().get("/api/work_pools/{pool}/queues/AA", poolNames.get("A")).then().statusCode(200)
                .body("status", equalTo("READY"));
        for (Map<String, Object> q : queuesOf("A")) {
            if (q.get("name").equals("AA")) {
                assertTrue(OffsetDateTime.parse((String) q.get("last_polled")).isAfter(before));
            } else {
                assertNull(q.get("last_polled"));
            }
        }
    }

    @Test
    void test_updates_last_polled_on_a_multiple_work_queues() {
        OffsetDateTime before = now();
        runs("A", json("work_queue_names", List.of("AA", "AB")));
        for (Map<String, Object> q : queuesOf("A")) {
            if (q.get("name").equals("AA") || q.get("name").equals("AB")) {
                assertTrue(OffsetDateTime.parse((String) q.get("last_polled")).isAfter(before));
            } else {
                assertNull(q.get("last_polled"));
            }
        }
    }

    @Test
    void test_updates_last_polled_on_a_full_work_pool() {
        OffsetDateTime before = now();
        runs("A", Map.of());
        List<Map<String, Object>> queues = queuesOf("A");
        assertEquals(4, queues.size()); // with the pool's default queue
        for (Map<String, Object> q : queues) {
            assertNotNull(q.get("last_polled"));
            assertTrue(OffsetDateTime.parse((String) q.get("last_polled")).isAfter(before));
        }
    }

    @Test
    void test_ensure_deployments_associated_with_work_pool_have_deployment_status_of_ready() {
        String deployment = post("/api/deployments/", json("name", unique("My Deployment"), "flow_id", flowId,
                "work_pool_name", poolNames.get("A"), "work_queue_name", "AA")).statusCode(201).extract().path("id");
        given().get("/api/deployments/{id}", deployment).then().body("status", equalTo("NOT_READY"));
        runs("A", Map.of());
        given().get("/api/deployments/{id}", deployment).then().body("status", equalTo("READY"));
    }

    // ---- the rules of Prefect's query

    @Test
    void answers_pool_and_queue_with_the_run_as_core_flow_run() {
        Map<String, Object> first = runs("A", json("work_queue_names", List.of("AB"), "limit", 1)).get(0);
        assertEquals(queueIds.get("AB"), first.get("work_queue_id"));
        Map<?, ?> run = (Map<?, ?>) first.get("flow_run");
        assertEquals(queueIds.get("AB"), run.get("work_queue_id"));
        assertEquals("SCHEDULED", run.get("state_type"));
        assertNull(run.get("state"), "Prefect reads the runs without their state relationship");
        assertTrue(!run.containsKey("work_pool_name") && run.containsKey("state_id"));
        String poolId = given().get("/api/work_pools/{name}", poolNames.get("A")).then().extract().path("id");
        assertEquals(poolId, first.get("work_pool_id"));
    }

    @Test
    void queues_are_taken_by_priority_then_by_scheduled_time() {
        List<Map<String, Object>> data = runs("A", Map.of());
        List<Object> queues = new ArrayList<>();
        data.forEach(r -> queues.add(r.get("work_queue_id")));
        List<Object> expected = new ArrayList<>();
        for (String q : List.of("AA", "AB", "AC")) {
            for (int i = 0; i < 5; i++) {
                expected.add(queueIds.get(q));
            }
        }
        assertEquals(expected, queues);
        // a queue moved to priority 1 comes first
        given().contentType(ContentType.JSON).body(json("priority", 1)).patch("/api/work_pools/{p}/queues/AC",
                poolNames.get("A")).then().statusCode(204);
        assertEquals(queueIds.get("AC"), runs("A", json("limit", 1)).get(0).get("work_queue_id"));
    }

    @Test
    void paused_pools_and_queues_give_nothing() {
        given().contentType(ContentType.JSON).body(json("is_paused", true)).patch("/api/work_pools/{p}/queues/AA",
                poolNames.get("A")).then().statusCode(204);
        assertEquals(10, runs("A", Map.of()).size());
        given().contentType(ContentType.JSON).body(json("is_paused", true)).patch("/api/work_pools/{p}",
                poolNames.get("A")).then().statusCode(204);
        assertEquals(0, runs("A", Map.of()).size());
    }

    @Test
    void queue_concurrency_limits_count_pending_and_running_runs() {
        // each queue has one RUNNING and one PENDING run
        given().contentType(ContentType.JSON).body(json("concurrency_limit", 4)).patch("/api/work_pools/{p}/queues/AA",
                poolNames.get("A")).then().statusCode(204);
        assertEquals(2, runs("A", json("work_queue_names", List.of("AA"))).size());
        given().contentType(ContentType.JSON).body(json("concurrency_limit", 1)).patch("/api/work_pools/{p}/queues/AA",
                poolNames.get("A")).then().statusCode(204);
        assertEquals(0, runs("A", json("work_queue_names", List.of("AA"))).size());
        assertEquals(10, runs("A", Map.of()).size());
    }

    @Test
    void pool_concurrency_limits_count_the_runs_of_all_its_queues() {
        // 3 queues x (1 RUNNING + 1 PENDING) = 6 slots taken
        given().contentType(ContentType.JSON).body(json("concurrency_limit", 9)).patch("/api/work_pools/{p}",
                poolNames.get("A")).then().statusCode(204);
        List<Map<String, Object>> data = runs("A", Map.of());
        assertEquals(3, data.size());
        data.forEach(r -> assertEquals(queueIds.get("AA"), r.get("work_queue_id")));
        given().contentType(ContentType.JSON).body(json("concurrency_limit", 2)).patch("/api/work_pools/{p}",
                poolNames.get("A")).then().statusCode(204);
        assertEquals(0, runs("A", Map.of()).size());
    }

    @Test
    void bad_requests_are_4xx() {
        post("/api/work_pools/{name}/get_scheduled_flow_runs", Map.of(), unique("nope")).statusCode(404);
        poll("A", json("limit", -1)).statusCode(422);
        poll("A", json("limit", 201)).statusCode(422);
        poll("A", json("scheduled_before", "soon")).statusCode(422);
        poll("A", json("work_queue_names", "AA")).statusCode(422);
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        poll("A", json("work_queue_names", withNull)).statusCode(422);
        poll("A", json("work_queue_names", List.of())).statusCode(200).body("$", hasSize(15));
        poll("A", json("limit", 0)).statusCode(200).body("$", hasSize(0));
        given().post("/api/work_pools/{name}/get_scheduled_flow_runs", poolNames.get("A")).then().statusCode(200)
                .body("$", hasSize(15));
        poll("B", json("work_queue_names", List.of("BA"), "limit", 1)).statusCode(200)
                .body("[0].flow_run.state", nullValue());
    }
}
