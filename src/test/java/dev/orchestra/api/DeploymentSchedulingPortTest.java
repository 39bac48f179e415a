package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.query;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Ports of Prefect's tests/server/api/test_deployments.py for the routes runners and the scheduling controls use:
 * {@code TestGetScheduledFlowRuns}, {@code TestSetScheduleActive}, {@code TestScheduleDeployment},
 * {@code TestGetDeploymentWorkQueueCheck}. Counts are kept to each test's own deployment.
 */
@QuarkusTest
class DeploymentSchedulingPortTest {

    static ValidatableResponse post(String path, Object body, Object... params) {
        return given().contentType(ContentType.JSON).body(body).when().post(path, params).then();
    }

    /** A deployment as Prefect's {@code deployment} fixture makes it: a daily interval schedule anchored 2020-01-01. */
    static String dailyDeployment(String flowId) {
        return post("/api/deployments/", json("name", unique("My Deployment"), "flow_id", flowId, "tags",
                List.of("test"), "schedule", json("interval", 86400, "anchor_date", "2020-01-01T00:00:00+00:00")))
                .statusCode(201).extract().path("id");
    }

    static String plainDeployment(String flowId) {
        return post("/api/deployments/", json("name", unique("My Deployment"), "flow_id", flowId)).statusCode(201)
                .extract().path("id");
    }

    static long runsOf(String deploymentId) {
        return (Long) query("SELECT count(*) FROM flow_run WHERE deployment_id = ?", deploymentId).get(0).get(0);
    }

    static Set<OffsetDateTime> scheduledTimesOf(String deploymentId) {
        Set<OffsetDateTime> out = new TreeSet<>();
        for (List<Object> row : query("SELECT s.state_details->>'scheduled_time' FROM flow_run r JOIN flow_run_state s"
                + " ON s.id = r.state_id WHERE r.deployment_id = ?", deploymentId)) {
            out.add(OffsetDateTime.parse((String) row.get(0)));
        }
        return out;
    }

    /** The daily schedule's dates at midnight UTC from the first on or after {@code start}. */
    static Set<OffsetDateTime> midnights(OffsetDateTime start, int n) {
        Set<OffsetDateTime> out = new TreeSet<>();
        OffsetDateTime day = start.truncatedTo(ChronoUnit.DAYS);
        if (day.isBefore(start)) {
            day = day.plusDays(1);
        }
        for (int i = 0; i < n; i++) {
            out.add(day.plusDays(i));
        }
        return out;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String scheduledRun(String flowId, String deploymentId, OffsetDateTime at, String... tags) {
        return PortFixtures.flowRun("flow_id", flowId, "deployment_id", deploymentId, "flow_version", "0.1", "tags",
                List.of(tags), "state", json("type", "SCHEDULED", "state_details",
                        json("scheduled_time", at.toString())));
    }

    @Nested
    class TestGetScheduledFlowRuns {

        String flow1;
        String flow2;
        String deployment1;
        String deployment2;
        String run1;
        String run2;
        String run3;

        @BeforeEach
        void setUp() {
            flow1 = flow();
            flow2 = flow();
            deployment1 = plainDeployment(flow1);
            deployment2 = plainDeployment(flow2);
            run1 = scheduledRun(flow1, deployment1, now().minusMinutes(5));
            run2 = scheduledRun(flow1, deployment1, now().minusMinutes(1), "tb12", "goat");
            run3 = scheduledRun(flow2, deployment2, now().minusMinutes(1), "tb12", "goat");
        }

        List<String> ids(Map<String, Object> body) {
            return post("/api/deployments/get_scheduled_flow_runs", body).statusCode(200).extract().path("id");
        }

        @Test
        void test_get_scheduled_runs_for_a_deployment() {
            assertEquals(Set.of(run1, run2), Set.copyOf(ids(json("deployment_ids", List.of(deployment1)))));
        }

        @Test
        void test_get_scheduled_runs_for_multiple_deployments() {
            assertEquals(Set.of(run1, run2, run3),
                    Set.copyOf(ids(json("deployment_ids", List.of(deployment1, deployment2)))));
        }

        @Test
        void test_get_scheduled_runs_respects_limit() {
            assertEquals(List.of(run1), ids(json("deployment_ids", List.of(deployment1), "limit", 1)));
            post("/api/deployments/get_scheduled_flow_runs", json("deployment_ids", List.of(), "limit", 9001))
                    .statusCode(422);
        }

        @Test
        void test_get_scheduled_runs_respects_scheduled_before() {
            assertEquals(List.of(run1), ids(json("deployment_ids", List.of(deployment1), "scheduled_before",
                    now().minusMinutes(2).toString())));
        }

        @Test
        void test_get_scheduled_runs_sort_order() {
            assertEquals(List.of(run1, run2, run3), ids(json("deployment_ids", List.of(deployment1, deployment2))));
        }

        @Test
        void test_get_scheduled_flow_runs_updates_last_polled_time_and_status() {
            given().get("/api/deployments/{id}", deployment1).then().body("last_polled", nullValue())
                    .body("status", equalTo("NOT_READY"));
            ids(json("deployment_ids", List.of(deployment1)));
            String polled = given().get("/api/deployments/{id}", deployment1).then().body("status", equalTo("READY"))
                    .extract().path("last_polled");
            assertTrue(OffsetDateTime.parse(polled).isAfter(now().minusMinutes(1)));
            given().get("/api/deployments/{id}", deployment2).then().body("last_polled", nullValue())
                    .body("status", equalTo("NOT_READY"));
        }

        @Test
        void test_get_scheduled_flow_runs_updates_last_polled_time_and_status_multiple_deployments() {
            ids(json("deployment_ids", List.of(deployment1, deployment2)));
            for (String d : List.of(deployment1, deployment2)) {
                given().get("/api/deployments/{id}", d).then().body("status", equalTo("READY"));
            }
        }

        @Test
        void deployment_ids_are_required_and_must_be_uuids() {
            post("/api/deployments/get_scheduled_flow_runs", Map.of()).statusCode(422)
                    .body("exception_detail[0].loc", equalTo(List.of("body", "deployment_ids")));
            post("/api/deployments/get_scheduled_flow_runs", json("deployment_ids", List.of("nope"))).statusCode(422);
            post("/api/deployments/get_scheduled_flow_runs", json("deployment_ids", List.of(deployment1),
                    "scheduled_before", "yesterday")).statusCode(422);
        }
    }

    @Nested
    class TestSetScheduleActive {

        String flowId;
        String deployment;

        @BeforeEach
        void setUp() {
            flowId = flow();
            deployment = dailyDeployment(flowId);
        }

        boolean active() {
            return given().get("/api/deployments/{id}", deployment).then().extract().path("is_schedule_active");
        }

        @Test
        void test_set_schedule_inactive() {
            assertTrue(active());
            post("/api/deployments/{id}/set_schedule_inactive", "", deployment).statusCode(200);
            assertEquals(false, active());
        }

        @Test
        void test_set_schedule_inactive_can_be_called_multiple_times() {
            post("/api/deployments/{id}/set_schedule_inactive", "", deployment).statusCode(200);
            post("/api/deployments/{id}/set_schedule_inactive", "", deployment).statusCode(200);
            assertEquals(false, active());
        }

        @Test
        void test_set_schedule_inactive_with_missing_deployment() {
            post("/api/deployments/{id}/set_schedule_inactive", "", UUID.randomUUID()).statusCode(404)
                    .body("detail", equalTo("Deployment not found"));
        }

        @Test
        void test_set_schedule_active() {
            sql("UPDATE deployment SET is_schedule_active = false WHERE id = ?", deployment);
            post("/api/deployments/{id}/set_schedule_active", "", deployment).statusCode(200);
            assertTrue(active());
        }

        @Test
        void test_set_schedule_active_can_be_called_multiple_times() {
            sql("UPDATE deployment SET is_schedule_active = false WHERE id = ?", deployment);
            post("/api/deployments/{id}/set_schedule_active", "", deployment).statusCode(200);
            post("/api/deployments/{id}/set_schedule_active", "", deployment).statusCode(200);
            assertTrue(active());
        }

        @Test
        void test_set_schedule_active_with_missing_deployment() {
            post("/api/deployments/{id}/set_schedule_active", "", UUID.randomUUID()).statusCode(404);
        }

        @Test
        void test_set_schedule_active_toggles_active_flag() {
            sql("UPDATE deployment SET is_schedule_active = false WHERE id = ?", deployment);
            post("/api/deployments/{id}/set_schedule_active", "", deployment).statusCode(200);
            assertEquals(0, runsOf(deployment));
            assertTrue(active());
        }

        @Test
        void test_set_schedule_active_doesnt_schedule_runs_if_no_schedule_set() {
            sql("UPDATE deployment SET is_schedule_active = false, schedule = NULL WHERE id = ?", deployment);
            post("/api/deployments/{id}/set_schedule_active", "", deployment).statusCode(200);
            assertTrue(active());
            assertEquals(0, runsOf(deployment));
        }

        @Test
        void test_set_schedule_inactive_deletes_auto_scheduled_runs() {
            post("/api/deployments/{id}/schedule", Map.of(), deployment).statusCode(200);
            assertEquals(3, runsOf(deployment));
            scheduledRun(flowId, deployment, now().plusDays(1));
            post("/api/deployments/{id}/set_schedule_inactive", "", deployment).statusCode(200);
            assertEquals(1, runsOf(deployment));
        }

        @Test
        void set_schedule_answers_null_and_bumps_updated_for_the_recent_deployments_scheduler() {
            String before = given().get("/api/deployments/{id}", deployment).then().extract().path("updated");
            given().post("/api/deployments/{id}/set_schedule_active", deployment).then().statusCode(200)
                    .body(equalTo("null"));
            String after = given().get("/api/deployments/{id}", deployment).then().extract().path("updated");
            assertTrue(OffsetDateTime.parse(after).isAfter(OffsetDateTime.parse(before)));
        }
    }

    @Nested
    class TestScheduleDeployment {

        String flowId;
        String deployment;

        @BeforeEach
        void setUp() {
            flowId = flow();
            deployment = dailyDeployment(flowId);
        }

        @Test
        void test_schedule_deployment() {
            OffsetDateTime start = now();
            post("/api/deployments/{id}/schedule", Map.of(), deployment).statusCode(200).body(equalTo("null"));
            assertEquals(midnights(start, 3), scheduledTimesOf(deployment));
        }

        @Test
        void test_schedule_deployment_provide_runs() {
            OffsetDateTime start = now();
            post("/api/deployments/{id}/schedule", json("min_runs", 5), deployment).statusCode(200);
            assertEquals(midnights(start, 5), scheduledTimesOf(deployment));
        }

        @Test
        void test_schedule_deployment_start_time() {
            OffsetDateTime start = now().plusDays(120);
            post("/api/deployments/{id}/schedule", json("start_time", start.toString()), deployment).statusCode(200);
            assertEquals(midnights(start, 3), scheduledTimesOf(deployment));
        }

        @Test
        void test_schedule_deployment_end_time() {
            OffsetDateTime start = now();
            post("/api/deployments/{id}/schedule", json("end_time", start.plusDays(7).toString(), "min_runs", 100),
                    deployment).statusCode(200);
            assertEquals(midnights(start, 7), scheduledTimesOf(deployment));
        }

        @Test
        void test_schedule_deployment_backfill() {
            OffsetDateTime start = now().minusDays(20);
            post("/api/deployments/{id}/schedule", json("start_time", start.toString(), "end_time",
                    now().toString(), "min_runs", 100), deployment).statusCode(200);
            assertEquals(midnights(start, 20), scheduledTimesOf(deployment));
        }

        @Test
        void scheduling_twice_creates_each_run_once_with_prefects_idempotency_key() {
            post("/api/deployments/{id}/schedule", Map.of(), deployment).statusCode(200);
            post("/api/deployments/{id}/schedule", json("min_runs", 4), deployment).statusCode(200);
            assertEquals(4, runsOf(deployment));
            List<List<Object>> rows = query("SELECT r.idempotency_key, r.auto_scheduled, r.tags::text, r.state_name,"
                    + " s.message, r.next_scheduled_start_time = r.expected_start_time FROM flow_run r"
                    + " JOIN flow_run_state s ON s.id = r.state_id WHERE r.deployment_id = ?"
                    + " ORDER BY r.next_scheduled_start_time LIMIT 1", deployment);
            OffsetDateTime first = midnights(now(), 1).iterator().next();
            assertEquals(List.of("scheduled " + deployment + " " + first.toLocalDate() + "T00:00:00+00:00", true,
                    "[\"auto-scheduled\", \"test\"]", "Scheduled", "Flow run scheduled", true), rows.get(0));
        }

        @Test
        void bad_bodies_are_422_and_a_missing_deployment_schedules_nothing() {
            post("/api/deployments/{id}/schedule", json("min_time", "soon"), deployment).statusCode(422);
            post("/api/deployments/{id}/schedule", json("min_runs", "many"), deployment).statusCode(422);
            post("/api/deployments/{id}/schedule", json("start_time", "today"), deployment).statusCode(422);
            post("/api/deployments/{id}/schedule", Map.of(), UUID.randomUUID()).statusCode(200);
            assertEquals(0, runsOf(deployment));
        }
    }

    @Nested
    class TestGetDeploymentWorkQueueCheck {

        @Test
        void test_404_on_bad_id() {
            given().get("/api/deployments/{id}/work_queue_check", UUID.randomUUID()).then().statusCode(404);
        }

        @Test
        void test_well_formed_response() {
            String tag = unique("t");
            String first = post("/api/work_queues/", json("name", unique("First"), "filter",
                    json("tags", List.of(tag + "a")))).statusCode(201).extract().path("name");
            String second = post("/api/work_queues/", json("name", unique("Second"), "filter",
                    json("tags", List.of(tag + "b")))).statusCode(201).extract().path("name");
            post("/api/work_queues/", json("name", unique("Third"), "filter", json("tags", List.of(tag + "z"))))
                    .statusCode(201);
            String deployment = post("/api/deployments/", json("name", unique("My Deployment"), "flow_id", flow(),
                    "tags", List.of(tag + "a", tag + "b", tag + "c"))).statusCode(201).extract().path("id");
            List<Map<String, Object>> queues = given().get("/api/deployments/{id}/work_queue_check", deployment).then()
                    .statusCode(200).extract().path("findAll { (it.filter.tags ?: []).any { t -> t.startsWith('" + tag
                            + "') } }");
            List<String> names = new ArrayList<>();
            queues.forEach(q -> names.add((String) q.get("name")));
            assertEquals(Set.of(first, second), Set.copyOf(names));
            queues.forEach(q -> assertEquals(null, ((Map<?, ?>) q.get("filter")).get("deployment_ids")));
        }
    }
}
