package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ports of Prefect's tests/server/api/test_flow_runs.py for create, read, update, delete, filter and set_state. */
@QuarkusTest
class FlowRunResourceTest {

    static String flow() {
        return given().contentType(ContentType.JSON).body(Map.of("name", "flow-" + UUID.randomUUID()))
                .when().post("/api/flows/").then().statusCode(201).extract().path("id");
    }

    static String flowRun(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/")
                .then().statusCode(201).extract().path("id");
    }

    static Map<String, Object> state(String type) {
        return Map.of("type", type);
    }

    @Test
    void createFlowRunDefaultsToPendingWithAGeneratedName() {
        String flowId = flow();
        given().contentType(ContentType.JSON).body(Map.of("flow_id", flowId))
                .when().post("/api/flow_runs/")
                .then().statusCode(201)
                .body("flow_id", equalTo(flowId))
                .body("name", matchesPattern("[a-z]+-[a-z]+"))
                .body("state_type", equalTo("PENDING"))
                .body("state_name", equalTo("Pending"))
                .body("state.type", equalTo("PENDING"))
                .body("state.state_details.flow_run_id", notNullValue())
                .body("run_count", equalTo(0))
                .body("expected_start_time", notNullValue())
                .body("empirical_policy.retries", nullValue())
                .body("empirical_policy.pause_keys", equalTo(List.of()))
                .body("total_run_time", equalTo(0.0f))
                .body("parameters", equalTo(Map.of()))
                .body("work_pool_name", nullValue());
    }

    @Test
    void createFlowRunIsIdempotentOnKey() {
        String flowId = flow();
        Map<String, Object> body = Map.of("flow_id", flowId, "idempotency_key", "key-1", "name", "first");
        String id = flowRun(body);
        given().contentType(ContentType.JSON).body(Map.of("flow_id", flowId, "idempotency_key", "key-1", "name", "2nd"))
                .when().post("/api/flow_runs/")
                .then().statusCode(200).body("id", equalTo(id)).body("name", equalTo("first"));
    }

    @Test
    void createFlowRunWithScheduledState() {
        String id = flowRun(Map.of("flow_id", flow(), "state",
                Map.of("type", "SCHEDULED", "state_details", Map.of("scheduled_time", "2030-01-01T00:00:00+00:00"))));
        given().when().get("/api/flow_runs/{id}", id).then().statusCode(200)
                .body("state_type", equalTo("SCHEDULED"))
                .body("next_scheduled_start_time", equalTo("2030-01-01T00:00:00+00:00"))
                .body("expected_start_time", equalTo("2030-01-01T00:00:00+00:00"));
    }

    @Test
    void createFlowRunForMissingFlowIsAConflictAndBadInputIs422() {
        given().contentType(ContentType.JSON).body(Map.of("flow_id", UUID.randomUUID().toString()))
                .when().post("/api/flow_runs/").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().post("/api/flow_runs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_id")));
        given().contentType(ContentType.JSON).body(Map.of("flow_id", flow(), "surprise", 1))
                .when().post("/api/flow_runs/").then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("flow_id", flow(), "state", Map.of("type", "NOPE")))
                .when().post("/api/flow_runs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "type")));
    }

    @Test
    void setStateRunsAndCompletesWithBookkeeping() {
        String id = flowRun(Map.of("flow_id", flow()));
        given().contentType(ContentType.JSON).body(Map.of("state", state("RUNNING")))
                .when().post("/api/flow_runs/{id}/set_state", id)
                .then().statusCode(201).body("status", equalTo("ACCEPT"))
                .body("details.type", equalTo("accept_details"))
                .body("state.type", equalTo("RUNNING")).body("state.state_details.flow_run_id", equalTo(id));
        given().contentType(ContentType.JSON)
                .body(Map.of("state", Map.of("type", "COMPLETED", "data",
                        Map.of("type", "unpersisted", "artifact_type", "result", "artifact_description", "d"))))
                .when().post("/api/flow_runs/{id}/set_state", id)
                .then().statusCode(201).body("state.data", equalTo(Map.of("type", "unpersisted")));
        given().when().get("/api/flow_runs/{id}", id).then().statusCode(200)
                .body("state_type", equalTo("COMPLETED")).body("run_count", equalTo(1))
                .body("start_time", notNullValue()).body("end_time", notNullValue())
                .body("total_run_time", greaterThan(0.0f));
        given().queryParam("flow_run_id", id).when().get("/api/flow_run_states/")
                .then().statusCode(200).body("type", equalTo(List.of("PENDING", "RUNNING", "COMPLETED")));
    }

    @Test
    void setStateOnMissingRunIs404() {
        given().contentType(ContentType.JSON).body(Map.of("state", state("RUNNING")))
                .when().post("/api/flow_runs/{id}/set_state", UUID.randomUUID())
                .then().statusCode(404).body("exception_message", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("force", true))
                .when().post("/api/flow_runs/{id}/set_state", UUID.randomUUID())
                .then().statusCode(422);
    }

    @Test
    void updateReadAndDeleteFlowRun() {
        String id = flowRun(Map.of("flow_id", flow(), "tags", List.of("a")));
        Map<String, Object> patch = new HashMap<>();
        patch.put("name", "renamed");
        patch.put("tags", List.of("b", "c"));
        patch.put("parameters", Map.of("x", 1));
        given().contentType(ContentType.JSON).body(patch).when().patch("/api/flow_runs/{id}", id)
                .then().statusCode(204);
        given().when().get("/api/flow_runs/{id}", id).then().statusCode(200)
                .body("name", equalTo("renamed")).body("tags", equalTo(List.of("b", "c")))
                .body("parameters.x", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("name", "x"))
                .when().patch("/api/flow_runs/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Flow run not found"));
        given().when().delete("/api/flow_runs/{id}", id).then().statusCode(204);
        given().when().get("/api/flow_runs/{id}", id).then().statusCode(404).body("detail", equalTo("Flow run not found"));
        given().when().delete("/api/flow_runs/{id}", id).then().statusCode(404);
    }

    @Test
    void filterAndCountFlowRunsByFlowAndTag() {
        String flowId = flow();
        String tag = "t-" + UUID.randomUUID();
        String a = flowRun(Map.of("flow_id", flowId, "tags", List.of(tag)));
        String b = flowRun(Map.of("flow_id", flowId, "tags", List.of(tag, "x")));
        flowRun(Map.of("flow_id", flowId));
        Map<String, Object> filter = Map.of("flows", Map.of("id", Map.of("any_", List.of(flowId))),
                "flow_runs", Map.of("tags", Map.of("all_", List.of(tag))));
        given().contentType(ContentType.JSON).body(filter).when().post("/api/flow_runs/count")
                .then().statusCode(200).body(equalTo("2"));
        Map<String, Object> sorted = new HashMap<>(filter);
        sorted.put("sort", "EXPECTED_START_TIME_ASC");
        given().contentType(ContentType.JSON).body(sorted).when().post("/api/flow_runs/filter")
                .then().statusCode(200).body("id", equalTo(List.of(a, b)));
        given().contentType(ContentType.JSON).body(Map.of("flow_runs",
                Map.of("state", Map.of("type", Map.of("any_", List.of("PENDING"))), "id", Map.of("any_", List.of(a)))))
                .when().post("/api/flow_runs/filter").then().statusCode(200).body("$", hasSize(1));
        given().contentType(ContentType.JSON).body(Map.of("flows", Map.of("id", Map.of("any_", List.of(flowId)))))
                .when().post("/api/flow_runs/lateness").then().statusCode(200);
        given().when().delete("/api/flows/{id}", flowId).then().statusCode(204);
        given().when().get("/api/flow_runs/{id}", a).then().statusCode(404);
    }
}
