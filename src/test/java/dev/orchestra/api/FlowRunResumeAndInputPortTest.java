package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.deployment;
import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.now;
import static dev.orchestra.api.PortFixtures.postFlowRun;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.statelessFlowRun;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Port of Prefect 2.14.21's {@code TestResumeFlowrun} and {@code TestFlowRunInput}
 * ({@code tests/server/api/test_flow_runs.py}): resuming paused runs, with and without run input, and the
 * flow run input routes.
 */
@QuarkusTest
class FlowRunResumeAndInputPortTest {

    /** pydantic v1's schema of {@code class SimpleInput(RunInput): approved: bool}. */
    static final String REQUIRED_SCHEMA = "{\"title\": \"SimpleInput\", \"type\": \"object\", \"properties\":"
            + " {\"approved\": {\"title\": \"Approved\", \"type\": \"boolean\"}}, \"required\": [\"approved\"]}";

    /** ... and of {@code approved: Optional[bool] = True}. */
    static final String DEFAULT_SCHEMA = "{\"title\": \"SimpleInput\", \"type\": \"object\", \"properties\":"
            + " {\"approved\": {\"title\": \"Approved\", \"default\": true, \"type\": \"boolean\"}}}";

    static ValidatableResponse resume(String id, Object body) {
        var request = given().contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        return request.post("/api/flow_runs/{id}/resume", id).then();
    }

    static Map<String, Object> paused(boolean reschedule, Object... more) {
        Map<String, Object> details = json("pause_timeout", now().plusSeconds(300).toString(),
                "pause_reschedule", reschedule);
        details.putAll(json(more));
        return Map.of("type", "PAUSED", "name", "Paused", "state_details", details);
    }

    /** A paused run (Prefect's blocking/nonblocking paused fixtures), of a deployment when asked. */
    static String pausedFlowRun(boolean reschedule, boolean withDeployment) {
        String flowId = flow();
        Map<String, Object> body = json("flow_id", flowId, "flow_version", "0.1", "state", paused(reschedule));
        if (withDeployment) {
            body.put("deployment_id", deployment(flowId));
        }
        return postFlowRun(body).statusCode(201).extract().path("id");
    }

    /** A run paused with pause key "1" that waits for input described by {@code schema} (Prefect's fixture). */
    static String pausedFlowRunWaitingForInput(String schema) {
        Map<String, Object> keyset = Map.of("description", "paused-1-description", "response", "paused-1-response",
                "schema", "paused-1-schema");
        String id = postFlowRun(json("flow_id", flow(), "flow_version", "1.0", "state",
                Map.of("type", "PAUSED", "name", "Paused", "state_details",
                        Map.of("pause_key", "1", "run_input_keyset", keyset))))
                .statusCode(201).extract().path("id");
        createInput(id, "paused-1-schema", schema).statusCode(201);
        return id;
    }

    static String stateId(String flowRunId) {
        return given().get("/api/flow_runs/{id}", flowRunId).then().extract().path("state_id");
    }

    static ValidatableResponse createInput(String flowRunId, String key, String value) {
        return given().contentType(ContentType.JSON).body(Map.of("key", key, "value", value))
                .post("/api/flow_runs/{id}/input", flowRunId).then();
    }

    // ------------------------------------------------------------------ TestResumeFlowrun

    @Test
    void resumingBlockingPauses() {
        String id = pausedFlowRun(false, true);
        resume(id, null).statusCode(201).body("status", equalTo("ACCEPT"));
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("RUNNING"))
                .body("empirical_policy.resuming", equalTo(true));
    }

    @Test
    void resumingNonblockingPauses() {
        String id = pausedFlowRun(true, true);
        resume(id, null).statusCode(201).body("status", equalTo("ACCEPT"))
                .body("state.type", equalTo("SCHEDULED")).body("state.name", equalTo("Resuming"));
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("SCHEDULED"));
    }

    @Test
    void cannotResumeNonblockingPausesWithoutDeployment() {
        String id = pausedFlowRun(true, false);
        resume(id, null).statusCode(200).body("status", equalTo("REJECT"))
                .body("details.reason", equalTo("Cannot reschedule a resuming flow run without a deployment."));
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("PAUSED"));
    }

    @Test
    void cannotResumeFlowRunsWithoutAState() {
        resume(statelessFlowRun(flow()), null).statusCode(200).body("status", equalTo("ABORT"))
                .body("state", nullValue())
                .body("details.reason", equalTo("Cannot resume a flow run that is not paused."));
    }

    @Test
    void cannotResumeFlowRunsNotInPausedState() {
        String flowId = flow();
        String id = postFlowRun(json("flow_id", flowId, "deployment_id", deployment(flowId), "state",
                Map.of("type", "FAILED"))).statusCode(201).extract().path("id");
        resume(id, null).statusCode(200).body("status", equalTo("ABORT"));
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("FAILED"));
    }

    @Test
    void resumeFlowRunWhosePauseTimedOutFails() {
        String id = pausedFlowRun(false, true);
        sql("UPDATE flow_run_state SET state_details = jsonb_set(state_details, '{pause_timeout}', ?::jsonb)"
                + " WHERE flow_run_id = ?", "\"" + now().minusSeconds(1) + "\"", id);
        resume(id, null).statusCode(201).body("status", equalTo("REJECT"))
                .body("details.reason", equalTo("The flow run pause has timed out and can no longer resume."))
                .body("state.type", equalTo("FAILED"));
    }

    @Test
    void resumeFlowRunWaitingForInputWithoutInputSucceedsWithDefaults() {
        String id = pausedFlowRunWaitingForInput(DEFAULT_SCHEMA);
        resume(id, null).statusCode(201).body("status", equalTo("ACCEPT"));
        // nothing was sent, so nothing is kept as the response
        given().get("/api/flow_runs/{id}/input/paused-1-response", id).then().statusCode(404);
    }

    @Test
    void resumeFlowRunWaitingForInputWithoutInputFailsIfRequired() {
        String id = pausedFlowRunWaitingForInput(REQUIRED_SCHEMA);
        String stateId = stateId(id);
        resume(id, null).statusCode(200).body("status", equalTo("REJECT"))
                .body("details.reason", startsWith("Run input validation failed: "))
                .body("details.reason", containsString("approved"))
                .body("state.id", equalTo(stateId));
    }

    @Test
    void cannotResumeFlowRunWaitingForInputMissingSchema() {
        String id = pausedFlowRunWaitingForInput(REQUIRED_SCHEMA);
        String stateId = stateId(id);
        given().delete("/api/flow_runs/{id}/input/paused-1-schema", id).then().statusCode(204);
        resume(id, Map.of("run_input", Map.of("approved", true))).statusCode(200)
                .body("status", equalTo("REJECT")).body("details.reason", equalTo("Run input schema not found."))
                .body("state.id", equalTo(stateId));
    }

    @Test
    void cannotResumeFlowRunWaitingForInputSchemaNotJson() {
        String id = pausedFlowRunWaitingForInput(REQUIRED_SCHEMA);
        String stateId = stateId(id);
        given().delete("/api/flow_runs/{id}/input/paused-1-schema", id).then().statusCode(204);
        createInput(id, "paused-1-schema", "not json").statusCode(201);
        resume(id, Map.of("run_input", Map.of("approved", true))).statusCode(200)
                .body("status", equalTo("REJECT"))
                .body("details.reason", equalTo("Run input schema is not valid JSON."))
                .body("state.id", equalTo(stateId));
    }

    @Test
    void cannotResumeFlowRunWaitingForInputSchemaFailsValidation() {
        String id = pausedFlowRunWaitingForInput(REQUIRED_SCHEMA);
        String stateId = stateId(id);
        resume(id, Map.of("run_input", Map.of("approved", "not a bool!"))).statusCode(200)
                .body("status", equalTo("REJECT"))
                .body("details.reason", startsWith("Run input validation failed: "))
                .body("details.reason", containsString("boolean"))
                .body("state.id", equalTo(stateId));
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("PAUSED"));
    }

    @Test
    void resumeFlowRunWaitingForInputValidData() {
        String id = pausedFlowRunWaitingForInput(REQUIRED_SCHEMA);
        resume(id, Map.of("run_input", Map.of("approved", true))).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        String stored = given().get("/api/flow_runs/{id}/input/paused-1-response", id).then().statusCode(200)
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals("{\"approved\":true}", stored);
    }

    @Test
    void resumeMissingFlowRunAndBadInput() {
        // Prefect answers 500 here (it reads the state of None); a missing run is a 404
        resume(UUID.randomUUID().toString(), null).statusCode(404).body("detail", equalTo("Flow run not found"));
        resume("nope", null).statusCode(422).body("exception_detail[0].loc", equalTo(List.of("path", "id")));
        String id = pausedFlowRun(false, true);
        resume(id, Map.of("run_input", List.of(1))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "run_input")))
                .body("exception_detail[0].type", equalTo("type_error.dict"));
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("PAUSED"));
    }

    // ------------------------------------------------------------------ TestFlowRunInput

    static String flowRunWithInput() {
        String id = statelessFlowRun(flow());
        createInput(id, "structured-key-1", "really important stuff").statusCode(201);
        return id;
    }

    @Test
    void createFlowRunInput() {
        String id = statelessFlowRun(flow());
        createInput(id, "structured-key-1", "really important stuff").statusCode(201).body(equalTo("null"));
        given().get("/api/flow_runs/{id}/input/structured-key-1", id).then().statusCode(200)
                .body(equalTo("really important stuff"));
        given().contentType(ContentType.JSON).body(Map.of("prefix", "structured")).post("/api/flow_runs/{id}/input/filter", id)
                .then().body("[0].flow_run_id", equalTo(id)).body("[0].key", equalTo("structured-key-1"))
                .body("[0].value", equalTo("really important stuff")).body("[0].sender", nullValue());
    }

    @Test
    void notFoundForNonExistentFlowRun() {
        String missing = UUID.randomUUID().toString();
        createInput(missing, "structured-key-1", "really important stuff").statusCode(404)
                .body("detail", equalTo("Flow run not found"));
        given().get("/api/flow_runs/{id}/input/structured-key-1", missing).then().statusCode(404);
    }

    @Test
    void conflictOnKey() {
        String id = flowRunWithInput();
        createInput(id, "structured-key-1", "really important stuff").statusCode(409)
                .body("detail", equalTo("A flow run input with this key already exists."));
    }

    @Test
    void filterFlowRunInput() {
        String id = flowRunWithInput();
        given().contentType(ContentType.JSON).body(Map.of("prefix", "structured"))
                .post("/api/flow_runs/{id}/input/filter", id).then().statusCode(200).body("$", hasSize(1))
                .body("[0].key", equalTo("structured-key-1")).body("[0].id", notNullValue())
                .body("[0].created", notNullValue());
    }

    @Test
    void filterFlowRunInputLimitsResponse() {
        String id = statelessFlowRun(flow());
        OffsetDateTime base = now().minusHours(1);
        for (int i = 0; i < 100; i++) {
            sql("INSERT INTO flow_run_input (id, created, updated, flow_run_id, key, value) VALUES (?, ?, ?, ?, ?,"
                    + " 'really important stuff')", UUID.randomUUID(), base.plusSeconds(i), base.plusSeconds(i), id,
                    "structured-key-" + i);
        }
        given().contentType(ContentType.JSON).body(Map.of("prefix", "structured", "limit", 10))
                .post("/api/flow_runs/{id}/input/filter", id).then().statusCode(200).body("$", hasSize(10))
                .body("[0].key", equalTo("structured-key-0"));
        given().contentType(ContentType.JSON).body(Map.of("prefix", "structured", "limit", 20))
                .post("/api/flow_runs/{id}/input/filter", id).then().statusCode(200).body("$", hasSize(20))
                .body("[19].key", equalTo("structured-key-19"));
        // the default limit is 1
        given().contentType(ContentType.JSON).body(Map.of("prefix", "structured"))
                .post("/api/flow_runs/{id}/input/filter", id).then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void filterFlowRunInputExcludesKeys() {
        String id = flowRunWithInput();
        given().contentType(ContentType.JSON).body(Map.of("prefix", "structured", "exclude_keys",
                List.of("structured-key-1"))).post("/api/flow_runs/{id}/input/filter", id).then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void filterFlowRunInputNoMatches() {
        String id = flowRunWithInput();
        given().contentType(ContentType.JSON).body(Map.of("prefix", "big-dawg"))
                .post("/api/flow_runs/{id}/input/filter", id).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void filterFlowRunInputBadInput() {
        String id = flowRunWithInput();
        given().contentType(ContentType.JSON).body(Map.of("limit", 5)).post("/api/flow_runs/{id}/input/filter", id)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "prefix")))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
        // Prefect hands a negative limit to the database (a 500); it is a 422 here
        given().contentType(ContentType.JSON).body(Map.of("prefix", "s", "limit", -1))
                .post("/api/flow_runs/{id}/input/filter", id).then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("prefix", "s", "exclude_keys", "k"))
                .post("/api/flow_runs/{id}/input/filter", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "exclude_keys")));
    }

    @Test
    void readFlowRunInput() {
        String id = flowRunWithInput();
        given().get("/api/flow_runs/{id}/input/structured-key-1", id).then().statusCode(200)
                .contentType(containsString("text/plain")).body(equalTo("really important stuff"));
    }

    @Test
    void notFoundReadFlowRunInputNoMatchingInput() {
        String id = statelessFlowRun(flow());
        given().get("/api/flow_runs/{id}/input/missing-key", id).then().statusCode(404)
                .body("detail", equalTo("Flow run input not found"));
    }

    @Test
    void deleteFlowRunInput() {
        String id = flowRunWithInput();
        given().delete("/api/flow_runs/{id}/input/structured-key-1", id).then().statusCode(204);
        given().get("/api/flow_runs/{id}/input/structured-key-1", id).then().statusCode(404);
    }

    @Test
    void notFoundDeleteFlowRunInputNoMatchingInput() {
        String id = flowRunWithInput();
        given().delete("/api/flow_runs/{id}/input/missing-key", id).then().statusCode(404)
                .body("detail", equalTo("Flow run input not found"));
    }

    @Test
    void createFlowRunInputBadInput() {
        String id = statelessFlowRun(flow());
        given().contentType(ContentType.JSON).body(Map.of("key", "k")).post("/api/flow_runs/{id}/input", id).then()
                .statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "value")))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
        // the key validator of FlowRunInput; Prefect lets the error escape (a 500)
        createInput(id, "Not Valid!", "v").statusCode(422);
        given().contentType(ContentType.JSON).body("{\"key\": \"k\", \"value\": ").post("/api/flow_runs/{id}/input", id)
                .then().statusCode(422).body("exception_detail[0].type", equalTo("value_error.jsondecode"));
    }
}
