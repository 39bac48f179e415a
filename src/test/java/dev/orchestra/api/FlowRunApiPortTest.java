package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.any;
import static dev.orchestra.api.PortFixtures.deployment;
import static dev.orchestra.api.PortFixtures.filterFlowRuns;
import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.flowRun;
import static dev.orchestra.api.PortFixtures.forceFlowState;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.now;
import static dev.orchestra.api.PortFixtures.ofFlows;
import static dev.orchestra.api.PortFixtures.postFlowRun;
import static dev.orchestra.api.PortFixtures.setFlowState;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.statelessFlowRun;
import static dev.orchestra.api.PortFixtures.taskRun;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.schemas.sorting.FlowRunSort;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Route-by-route port of Prefect 2.14.21's {@code tests/server/api/test_flow_runs.py} (create, update, read,
 * filter, graph, delete, set_state, manual retries, history, lateness) and of the behaviours of
 * {@code tests/server/models/test_flow_runs.py} that show through the API. Test names follow Prefect's. Every
 * query is scoped to the test's own flows, so the tests run against a database that already holds data.
 */
@QuarkusTest
class FlowRunApiPortTest {

    // ------------------------------------------------------------------ TestCreateFlowRun

    @Test
    void createFlowRun() {
        String flowId = flow();
        String id = postFlowRun(json("flow_id", flowId, "name", "orange you glad i didn't say yellow salamander",
                "state", Map.of("type", "PENDING"))).statusCode(201)
                .body("flow_id", equalTo(flowId)).body("id", notNullValue()).body("state.type", equalTo("PENDING"))
                .body("name", equalTo("orange you glad i didn't say yellow salamander")).extract().path("id");
        given().get("/api/flow_runs/{id}", id).then().statusCode(200).body("flow_id", equalTo(flowId));
    }

    @Test
    void createFlowRunWithInfrastructureDocumentId() {
        String slug = unique("process");
        String typeId = given().contentType(ContentType.JSON).body(Map.of("name", slug, "slug", slug))
                .post("/api/block_types/").then().statusCode(201).extract().path("id");
        String schemaId = given().contentType(ContentType.JSON).body(Map.of("block_type_id", typeId, "fields",
                Map.of("title", "Process", "type", "object", "properties", Map.of("env", Map.of("type", "object")))))
                .post("/api/block_schemas/").then().statusCode(201).extract().path("id");
        String documentId = given().contentType(ContentType.JSON).body(json("data",
                Map.of("env", Map.of("MY_TEST_VARIABLE", "1")), "block_schema_id", schemaId, "block_type_id", typeId,
                "is_anonymous", true)).post("/api/block_documents/").then().statusCode(201).extract().path("id");
        postFlowRun(json("flow_id", flow(), "infrastructure_document_id", documentId)).statusCode(201)
                .body("infrastructure_document_id", equalTo(documentId));
        // the column is a foreign key: an unknown document is an integrity conflict
        postFlowRun(json("flow_id", flow(), "infrastructure_document_id", UUID.randomUUID().toString()))
                .statusCode(409).body("detail", notNullValue());
    }

    @Test
    void createFlowRunWithStateSetsTimestampOnServer() {
        String future = now().plusMonths(1).toString();
        String id = postFlowRun(json("flow_id", flow(), "state", Map.of("type", "COMPLETED", "timestamp", future)))
                .statusCode(201).extract().path("id");
        String timestamp = given().get("/api/flow_runs/{id}", id).then().extract().path("state.timestamp");
        assertTrue(OffsetDateTime.parse(timestamp).isBefore(OffsetDateTime.now()), "the timestamp was overwritten");
    }

    @Test
    void createMultipleFlowRuns() {
        String flowId = flow();
        String first = flowRun("flow_id", flowId, "state", Map.of("type", "PENDING"));
        String second = flowRun("flow_id", flowId, "state", Map.of("type", "PENDING"));
        assertNotEquals(first, second);
        filterFlowRuns(ofFlows(flowId)).statusCode(200).body("id", containsInAnyOrder(first, second));
    }

    @Test
    void createFlowRunWithIdempotencyKeyAcrossMultipleFlows() {
        String first = postFlowRun(json("flow_id", flow(), "state", Map.of("type", "PENDING"),
                "idempotency_key", "test-key")).statusCode(201).extract().path("id");
        String second = postFlowRun(json("flow_id", flow(), "state", Map.of("type", "PENDING"),
                "idempotency_key", "test-key")).statusCode(201).extract().path("id");
        assertNotEquals(first, second);
    }

    /** models: the run found by its idempotency key keeps its own state; the proposed one is not applied. */
    @Test
    void createFlowRunWithStateAndIdempotencyKey() {
        String flowId = flow();
        String id = postFlowRun(json("flow_id", flowId, "idempotency_key", "TB12", "state",
                Map.of("type", "SCHEDULED", "name", "My Scheduled State"))).statusCode(201).extract().path("id");
        String stateId = given().get("/api/flow_runs/{id}", id).then().extract().path("state_id");
        postFlowRun(json("flow_id", flowId, "idempotency_key", "TB12", "state",
                Map.of("type", "RUNNING", "name", "My Running State"))).statusCode(200)
                .body("id", equalTo(id)).body("state.id", equalTo(stateId))
                .body("state.name", equalTo("My Scheduled State"));
        given().queryParam("flow_run_id", id).get("/api/flow_run_states/").then().body("$", hasSize(1));
    }

    @Test
    void createFlowRunWithSubflowInformation() {
        String parent = flowRun("flow_id", flow());
        String task = taskRun(parent);
        String id = flowRun("flow_id", flow(), "parent_task_run_id", task, "state", Map.of("type", "PENDING"));
        given().get("/api/flow_runs/{id}", id).then().body("parent_task_run_id", equalTo(task));
    }

    @Test
    void createFlowRunWithRunningState() {
        String id = flowRun("flow_id", flow(), "state", Map.of("type", "RUNNING"));
        // the initial state is forced, but the bookkeeping of the global policy applies
        given().get("/api/flow_runs/{id}", id).then().body("id", equalTo(id)).body("state.type", equalTo("RUNNING"))
                .body("run_count", equalTo(1)).body("start_time", notNullValue());
    }

    @Test
    void createFlowRunWithDeploymentId() {
        String flowId = flow();
        String deploymentId = deployment(flowId);
        postFlowRun(json("flow_id", flowId, "deployment_id", deploymentId)).statusCode(201)
                .body("deployment_id", equalTo(deploymentId));
    }

    /** core.FlowRun's name validator: a missing, null or empty name becomes a generated slug. */
    @Test
    void createFlowRunWithNullOrEmptyNameGetsAGeneratedName() {
        postFlowRun(json("flow_id", flow(), "name", null)).statusCode(201).body("name", not(empty()))
                .body("name", org.hamcrest.Matchers.matchesPattern("[a-z]+-[a-z]+"));
        postFlowRun(json("flow_id", flow(), "name", "")).statusCode(201)
                .body("name", org.hamcrest.Matchers.matchesPattern("[a-z]+-[a-z]+"));
    }

    /** models: the deprecated state id and timestamp are accepted and ignored. */
    @Test
    void createFlowRunIgnoresTheProposedStateIdAndTimestamp() {
        String proposed = UUID.randomUUID().toString();
        postFlowRun(json("flow_id", flow(), "state", Map.of("type", "RUNNING", "name", "My Running State",
                "id", proposed, "timestamp", "2000-01-01T00:00:00+00:00"))).statusCode(201)
                .body("state.id", not(equalTo(proposed))).body("state.name", equalTo("My Running State"))
                .body("state.timestamp", not(equalTo("2000-01-01T00:00:00+00:00")));
    }

    /** FlowRunCreate of 2.14.21 forbids fields it does not have (job_variables came later; created_by is core). */
    @ParameterizedTest
    @ValueSource(strings = {"job_variables", "created_by", "work_queue_name", "id", "run_count", "state_type"})
    void createFlowRunRejectsFieldsTheActionDoesNotHave(String field) {
        Map<String, Object> body = json("flow_id", flow(), field, field.equals("run_count") ? 3 : Map.of());
        postFlowRun(body).statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(List.of("body", field)))
                .body("exception_detail[0].msg", equalTo("extra fields not permitted"))
                .body("exception_detail[0].type", equalTo("value_error.extra"))
                .body("request_body." + field, notNullValue());
    }

    // ------------------------------------------------------------------ TestUpdateFlowRun

    @Test
    void updateFlowRunSucceeds() {
        String id = flowRun("flow_id", flow(), "flow_version", "1.0");
        OffsetDateTime before = OffsetDateTime.parse(given().get("/api/flow_runs/{id}", id).then()
                .extract().path("updated"));
        given().contentType(ContentType.JSON).body(json("flow_version", "The next one", "name",
                "not yellow salamander")).patch("/api/flow_runs/{id}", id).then().statusCode(204);
        String updated = given().get("/api/flow_runs/{id}", id).then().body("flow_version", equalTo("The next one"))
                .body("name", equalTo("not yellow salamander")).extract().path("updated");
        assertTrue(OffsetDateTime.parse(updated).isAfter(before));
    }

    @Test
    void updateFlowRunDoesNotUpdateIfFieldsNotSet() {
        String id = flowRun("flow_id", flow(), "flow_version", "1.0", "tags", List.of("a"), "parameters",
                Map.of("x", 1));
        given().contentType(ContentType.JSON).body(Map.of()).patch("/api/flow_runs/{id}", id).then().statusCode(204);
        given().get("/api/flow_runs/{id}", id).then().body("flow_version", equalTo("1.0"))
                .body("tags", equalTo(List.of("a"))).body("parameters", equalTo(Map.of("x", 1)));
    }

    @Test
    void updateFlowRunRaisesErrorIfFlowRunNotFound() {
        given().contentType(ContentType.JSON).body(Map.of()).patch("/api/flow_runs/{id}", UUID.randomUUID())
                .then().statusCode(404).body("detail", equalTo("Flow run not found"));
    }

    @Test
    void updateFlowRunSetsPolicyPidAndNullableFields() {
        String id = flowRun("flow_id", flow(), "flow_version", "1.0");
        given().contentType(ContentType.JSON).body(json("empirical_policy", Map.of("retries", 2, "retry_delay", 5),
                "infrastructure_pid", "pid-1", "flow_version", null)).patch("/api/flow_runs/{id}", id)
                .then().statusCode(204);
        given().get("/api/flow_runs/{id}", id).then().body("empirical_policy.retries", equalTo(2))
                .body("empirical_policy.retry_delay", equalTo(5)).body("infrastructure_pid", equalTo("pid-1"))
                .body("flow_version", nullValue());
    }

    /** The name validator runs on updates too: null or empty becomes a generated slug, never a 500. */
    @Test
    void updateFlowRunWithNullNameGetsAGeneratedName() {
        String id = flowRun("flow_id", flow(), "name", "named");
        given().contentType(ContentType.JSON).body(json("name", null)).patch("/api/flow_runs/{id}", id)
                .then().statusCode(204);
        given().get("/api/flow_runs/{id}", id).then()
                .body("name", org.hamcrest.Matchers.matchesPattern("[a-z]+-[a-z]+"));
    }

    @Test
    void updateFlowRunRejectsBadInput() {
        String id = flowRun("flow_id", flow());
        given().contentType(ContentType.JSON).body(Map.of("state_type", "RUNNING")).patch("/api/flow_runs/{id}", id)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "state_type")))
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        given().contentType(ContentType.JSON).body(Map.of("parameters", List.of(1))).patch("/api/flow_runs/{id}", id)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "parameters")))
                .body("exception_detail[0].type", equalTo("type_error.dict"));
        given().contentType(ContentType.JSON).body(Map.of("tags", "a")).patch("/api/flow_runs/{id}", id)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "tags")))
                .body("exception_detail[0].type", equalTo("type_error.list"));
        given().contentType(ContentType.JSON).body(Map.of("empirical_policy", Map.of("retries", "many")))
                .patch("/api/flow_runs/{id}", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "empirical_policy", "retries")))
                .body("exception_detail[0].type", equalTo("type_error.integer"));
        given().contentType(ContentType.JSON).body("{\"name\": ").patch("/api/flow_runs/{id}", id)
                .then().statusCode(422).body("exception_detail[0].type", equalTo("value_error.jsondecode"));
        given().contentType(ContentType.JSON).body(Map.of()).patch("/api/flow_runs/{id}", "nope")
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("path", "id")));
    }

    // ------------------------------------------------------------------ TestReadFlowRun

    @Test
    void readFlowRun() {
        String flowId = flow();
        String id = flowRun("flow_id", flowId);
        given().get("/api/flow_runs/{id}", id).then().statusCode(200).body("id", equalTo(id))
                .body("flow_id", equalTo(flowId));
    }

    @Test
    void readFlowRunLikeTheEngineDoes() {
        String flowId = flow();
        String id = flowRun("flow_id", flowId);
        String hex = id.replace("-", "");
        assertEquals(32, hex.length());
        given().get("/api/flow_runs/{id}", hex).then().statusCode(200).body("id", equalTo(id))
                .body("flow_id", equalTo(flowId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"THISAINTIT", "1234", "00000000-0000-0000-0000-00000000000g",
            "00000000-0000-0000-0000-0000000000000"})
    void readFlowRunWithInvalidIdIsRejected(String bad) {
        given().get("/api/flow_runs/{id}", bad).then().statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")))
                .body("exception_detail[0].msg", equalTo("value is not a valid uuid"))
                .body("exception_detail[0].type", equalTo("type_error.uuid"))
                .body("request_body", nullValue());
    }

    @Test
    void readFlowRunWithState() {
        String id = statelessFlowRun(flow());
        String stateId = forceFlowState(id, Map.of("type", "RUNNING")).statusCode(201).extract().path("state.id");
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("RUNNING"))
                .body("state.id", equalTo(stateId)).body("state_id", equalTo(stateId));
    }

    @Test
    void readFlowRunReturns404IfDoesNotExist() {
        given().get("/api/flow_runs/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Flow run not found"));
    }

    /** estimated_run_time grows while RUNNING; estimated_start_time_delta is the lateness of a late run. */
    @Test
    void readFlowRunEstimatesRunTimeAndLateness() {
        String late = flowRun("flow_id", flow(), "state", Map.of("type", "SCHEDULED", "state_details",
                Map.of("scheduled_time", now().minusMinutes(10).toString())));
        given().get("/api/flow_runs/{id}", late).then().body("estimated_run_time", equalTo(0.0f))
                .body("estimated_start_time_delta", greaterThan(590.0f))
                .body("estimated_start_time_delta", lessThan(900.0f));
        String running = flowRun("flow_id", flow(), "state", Map.of("type", "RUNNING"));
        sql("UPDATE flow_run SET state_timestamp = state_timestamp - interval '30 seconds' WHERE id = ?", running);
        given().get("/api/flow_runs/{id}", running).then().body("estimated_run_time", greaterThan(29.0f))
                .body("total_run_time", equalTo(0.0f)).body("estimated_start_time_delta", equalTo(0.0f));
        String future = flowRun("flow_id", flow(), "state", Map.of("type", "SCHEDULED", "state_details",
                Map.of("scheduled_time", now().plusDays(1).toString())));
        given().get("/api/flow_runs/{id}", future).then().body("estimated_start_time_delta", equalTo(0.0f));
    }

    // ------------------------------------------------------------------ TestReadFlowRuns

    /** Prefect's fixture: fr1 (red) and fr2 (blue) of one flow, fr3 (blue, red) of another flow on a work queue. */
    record ThreeRuns(String flow, String flow2, String flow2Name, String fr1, String fr2, String fr3, String[] pool) {
        Map<String, Object> scope() {
            return ofFlows(flow, flow2);
        }
    }

    static ThreeRuns threeRuns() {
        String flowId = flow();
        String flow2Name = unique("another-test");
        String flow2 = flow(flow2Name);
        String[] pool = PortFixtures.workPoolWithQueue();
        String fr1 = flowRun("flow_id", flowId, "name", "fr1", "tags", List.of("red"));
        String fr2 = flowRun("flow_id", flowId, "name", "fr2", "tags", List.of("blue"));
        String fr3 = flowRun("flow_id", flow2, "name", "fr3", "tags", List.of("blue", "red"));
        PortFixtures.onWorkQueue(fr3, pool[2]);
        return new ThreeRuns(flowId, flow2, flow2Name, fr1, fr2, fr3, pool);
    }

    static Map<String, Object> with(Map<String, Object> base, Object... keysAndValues) {
        Map<String, Object> out = new HashMap<>(base);
        out.putAll(json(keysAndValues));
        return out;
    }

    @Test
    void readFlowRuns() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(runs.scope()).statusCode(200).body("$", hasSize(3))
                .body("flow_id", everyItem(org.hamcrest.Matchers.oneOf(runs.flow(), runs.flow2())))
                .body("[0].state.type", equalTo("PENDING")).body("[0].empirical_policy", notNullValue());
    }

    @Test
    void readFlowRunsWorkPoolFields() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(with(runs.scope(), "sort", "NAME_ASC")).statusCode(200).body("$", hasSize(3))
                .body("[2].id", equalTo(runs.fr3()))
                .body("[2].work_pool_name", equalTo(runs.pool()[1]))
                .body("[2].work_pool_id", equalTo(runs.pool()[0]))
                .body("[2].work_queue_id", equalTo(runs.pool()[2]))
                .body("[2].work_queue_name", equalTo(runs.pool()[3]))
                .body("[0].work_pool_name", nullValue()).body("[0].work_queue_name", nullValue());
        given().get("/api/flow_runs/{id}", runs.fr3()).then().body("work_queue_name", equalTo(runs.pool()[3]))
                .body("work_pool_name", equalTo(runs.pool()[1]));
    }

    @Test
    void readFlowRunsAppliesFlowFilter() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(ofFlows(runs.flow())).statusCode(200).body("id", containsInAnyOrder(runs.fr1(), runs.fr2()));
    }

    @Test
    void readFlowRunsAppliesFlowRunFilter() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(with(runs.scope(), "flow_runs", Map.of("id", any(runs.fr1())))).statusCode(200)
                .body("id", equalTo(List.of(runs.fr1())));
    }

    @Test
    void readFlowRunsAppliesFlowRunIdempotencyKeyFilter() {
        String flowId = flow();
        String fr1 = flowRun("flow_id", flowId, "name", "fr1", "tags", List.of("red"), "idempotency_key",
                "my-idempotency-key");
        flowRun("flow_id", flowId, "name", "fr2", "tags", List.of("blue"), "idempotency_key",
                "a-different-idempotency-key");
        filterFlowRuns(with(ofFlows(flowId), "flow_runs", Map.of("idempotency_key", any("my-idempotency-key"))))
                .statusCode(200).body("id", equalTo(List.of(fr1)))
                .body("idempotency_key", equalTo(List.of("my-idempotency-key")));
    }

    @Test
    void readFlowRunsIdempotencyKeyFilterExcludesIdempotencyKey() {
        String flowId = flow();
        flowRun("flow_id", flowId, "idempotency_key", "my-idempotency-key");
        String fr2 = flowRun("flow_id", flowId, "idempotency_key", "a-different-idempotency-key");
        filterFlowRuns(with(ofFlows(flowId), "flow_runs",
                Map.of("idempotency_key", Map.of("not_any_", List.of("my-idempotency-key"))))).statusCode(200)
                .body("id", equalTo(List.of(fr2)))
                .body("idempotency_key", equalTo(List.of("a-different-idempotency-key")));
    }

    @Test
    void readFlowRunsAppliesTaskRunFilter() {
        ThreeRuns runs = threeRuns();
        String task = taskRun(runs.fr2());
        filterFlowRuns(with(runs.scope(), "task_runs", Map.of("id", any(task)))).statusCode(200)
                .body("id", equalTo(List.of(runs.fr2())));
    }

    @Test
    void readFlowRunsAppliesWorkPoolNameFilter() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(json("work_pools", Map.of("name", any(runs.pool()[1])))).statusCode(200)
                .body("id", equalTo(List.of(runs.fr3())));
    }

    @Test
    void readFlowRunsAppliesWorkQueueIdFilter() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(json("work_pool_queues", Map.of("id", any(runs.pool()[2])))).statusCode(200)
                .body("id", equalTo(List.of(runs.fr3())));
        filterFlowRuns(json("work_pool_queues", Map.of("name", any(runs.pool()[3])))).statusCode(200)
                .body("id", equalTo(List.of(runs.fr3())));
    }

    @Test
    void readFlowRunsMultiFilter() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(json("flow_runs", Map.of("tags", Map.of("all_", List.of("blue"))), "flows",
                Map.of("name", any(runs.flow2Name())), "limit", 1, "offset", 0)).statusCode(200)
                .body("id", equalTo(List.of(runs.fr3())));
    }

    @Test
    void readFlowRunsAppliesLimit() {
        ThreeRuns runs = threeRuns();
        filterFlowRuns(with(runs.scope(), "limit", 1)).statusCode(200).body("$", hasSize(1));
        filterFlowRuns(with(runs.scope(), "limit", 0)).statusCode(200).body("$", hasSize(0));
        given().contentType(ContentType.JSON).body(runs.scope()).post("/api/flow_runs/count").then()
                .statusCode(200).body(equalTo("3"));
    }

    @Test
    void readFlowRunsReturnsEmptyList() {
        filterFlowRuns(ofFlows(UUID.randomUUID().toString())).statusCode(200).body("$", equalTo(List.of()));
        given().contentType(ContentType.JSON).body(ofFlows(UUID.randomUUID().toString()))
                .post("/api/flow_runs/count").then().statusCode(200).body(equalTo("0"));
    }

    /** Without a body the routes read everything: a list (at most the default limit), a count. */
    @Test
    void readFlowRunsWithoutABody() {
        flowRun("flow_id", flow());
        given().post("/api/flow_runs/filter").then().statusCode(200).body("size()", greaterThan(0));
        given().post("/api/flow_runs/count").then().statusCode(200).body(not(equalTo("0")));
    }

    @Test
    void readFlowRunsAppliesSort() {
        String flowId = flow();
        OffsetDateTime now = now();
        String fr1 = flowRun("flow_id", flowId, "name", "Flow Run 1", "state", Map.of("type", "SCHEDULED",
                "state_details", Map.of("scheduled_time", now.minusMinutes(1).toString())));
        String fr2 = flowRun("flow_id", flowId, "name", "Flow Run 2", "state", Map.of("type", "SCHEDULED",
                "state_details", Map.of("scheduled_time", now.plusMinutes(1).toString())));
        sql("UPDATE flow_run SET start_time = ? WHERE id = ?", now.minusMinutes(2), fr2);
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "limit", 1, "sort", "START_TIME_ASC")).body("[0].id", equalTo(fr2));
        filterFlowRuns(with(scope, "limit", 1, "sort", "START_TIME_DESC")).body("[0].id", equalTo(fr1));
        filterFlowRuns(with(scope, "limit", 1, "sort", "EXPECTED_START_TIME_ASC")).body("[0].id", equalTo(fr1));
        filterFlowRuns(with(scope, "limit", 1, "offset", 1, "sort", "EXPECTED_START_TIME_ASC"))
                .body("[0].id", equalTo(fr2));
        filterFlowRuns(with(scope, "limit", 1, "sort", "EXPECTED_START_TIME_DESC")).body("[0].id", equalTo(fr2));
        filterFlowRuns(with(scope, "limit", 1, "offset", 1, "sort", "EXPECTED_START_TIME_DESC"))
                .body("[0].id", equalTo(fr1));
        filterFlowRuns(with(scope, "limit", 1, "sort", "NAME_ASC")).body("[0].id", equalTo(fr1));
        filterFlowRuns(with(scope, "limit", 1, "sort", "NAME_DESC")).body("[0].id", equalTo(fr2));
        filterFlowRuns(with(scope, "limit", 1, "sort", "NEXT_SCHEDULED_START_TIME_ASC")).body("[0].id", equalTo(fr1));
        String[] byIdDesc = fr1.compareTo(fr2) > 0 ? new String[] {fr1, fr2} : new String[] {fr2, fr1};
        filterFlowRuns(scope).body("id", equalTo(List.of(byIdDesc)));
    }

    @ParameterizedTest
    @EnumSource(FlowRunSort.class)
    void readFlowRunsSortSucceedsForAllSortValues(FlowRunSort sort) {
        String flowId = flow();
        String id = flowRun("flow_id", flowId);
        filterFlowRuns(with(ofFlows(flowId), "sort", sort.name())).statusCode(200)
                .body("id", equalTo(List.of(id)));
    }

    /** A parent run with five subflow runs (one per parent task), each with three subflow runs of its own. */
    record Subflows(String flow, String parent, List<String> children) {
    }

    static Subflows subflows() {
        String flowId = flow();
        String parent = flowRun("flow_id", flowId, "flow_version", "1.0", "state", Map.of("type", "PENDING"));
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String task = taskRun(parent, "name", "dummy-" + i, "task_key", "dummy-" + i, "dynamic_key", "dummy-" + i);
            children.add(flowRun("flow_id", flowId, "flow_version", "1.0", "state", Map.of("type", "PENDING"),
                    "parent_task_run_id", task));
        }
        for (String child : children) {
            for (int i = 0; i < 3; i++) {
                String task = taskRun(child, "name", "dummy-" + i, "task_key", "dummy-" + i, "dynamic_key",
                        "dummy-" + i);
                flowRun("flow_id", flowId, "flow_version", "1.0", "state", Map.of("type", "PENDING"),
                        "parent_task_run_id", task);
            }
        }
        return new Subflows(flowId, parent, children);
    }

    @Test
    void readSubflowRuns() {
        Subflows s = subflows();
        threeRuns();
        filterFlowRuns(json("flow_runs", Map.of("parent_flow_run_id", any(s.parent())))).statusCode(200)
                .body("id", containsInAnyOrder(s.children().toArray()));
        filterFlowRuns(json("flow_runs", Map.of("parent_flow_run_id", any(s.children().get(0))))).statusCode(200)
                .body("$", hasSize(3));
    }

    @Test
    void readSubflowRunsNonExistant() {
        subflows();
        filterFlowRuns(json("flow_runs", Map.of("parent_flow_run_id", any(UUID.randomUUID().toString()))))
                .statusCode(200).body("$", hasSize(0));
    }

    // ------------------------------------------------------------------ models: TestReadFlowRuns filters

    @Test
    void readFlowRunsFiltersByIds() {
        String flowId = flow();
        String fr1 = flowRun("flow_id", flowId);
        String fr2 = flowRun("flow_id", flowId);
        String fr3 = flowRun("flow_id", flowId);
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("id", any(fr1)))).body("id", containsInAnyOrder(fr1));
        filterFlowRuns(with(scope, "flow_runs", Map.of("id", any(fr1, fr2)))).body("id", containsInAnyOrder(fr1, fr2));
        filterFlowRuns(with(scope, "flow_runs", Map.of("id", any(UUID.randomUUID().toString()))))
                .body("$", hasSize(0));
        filterFlowRuns(with(scope, "flow_runs", Map.of("id", Map.of("not_any_", List.of(fr1, fr2)))))
                .body("id", containsInAnyOrder(fr3));
    }

    @Test
    void readFlowRunsFiltersByName() {
        String flowId = flow();
        flowRun("flow_id", flowId, "name", "my flow run 1");
        String fr2 = flowRun("flow_id", flowId, "name", "my flow run 2");
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("name", any("my flow run 2")))).body("id", equalTo(List.of(fr2)));
        filterFlowRuns(with(scope, "flow_runs", Map.of("name", any("adkljfldkajfkldjs")))).body("$", hasSize(0));
        filterFlowRuns(with(scope, "flow_runs", Map.of("name", Map.of("like_", "run 2")))).body("id",
                equalTo(List.of(fr2)));
    }

    @Test
    void readFlowRunsFiltersByTags() {
        String flowId = flow();
        String fr1 = flowRun("flow_id", flowId, "tags", List.of("db", "blue"));
        String fr2 = flowRun("flow_id", flowId, "tags", List.of("db"));
        String fr3 = flowRun("flow_id", flowId);
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("tags", Map.of("all_", List.of("db", "blue")))))
                .body("id", containsInAnyOrder(fr1));
        filterFlowRuns(with(scope, "flow_runs", Map.of("tags", Map.of("all_", List.of("db")))))
                .body("id", containsInAnyOrder(fr1, fr2));
        filterFlowRuns(with(scope, "flow_runs", Map.of("tags", Map.of("all_", List.of("green"))))).body("$", hasSize(0));
        filterFlowRuns(with(scope, "flow_runs", Map.of("tags", Map.of("is_null_", true))))
                .body("id", containsInAnyOrder(fr3));
        filterFlowRuns(with(scope, "flow_runs", Map.of("tags", Map.of("is_null_", false))))
                .body("id", containsInAnyOrder(fr1, fr2));
    }

    @Test
    void readFlowRunsFiltersByStatesAny() {
        String flowId = flow();
        String fr1 = flowRun("flow_id", flowId, "state", Map.of("type", "RUNNING", "name", "My Running State"));
        String fr2 = flowRun("flow_id", flowId, "state", Map.of("type", "COMPLETED", "name", "My Completed State"));
        flowRun("flow_id", flowId, "state", Map.of("type", "FAILED", "name", "RIP"));
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("state", Map.of("type", any("RUNNING")))))
                .body("id", containsInAnyOrder(fr1));
        filterFlowRuns(with(scope, "flow_runs", Map.of("state", Map.of("type", any("RUNNING", "COMPLETED")))))
                .body("id", containsInAnyOrder(fr1, fr2));
        filterFlowRuns(with(scope, "flow_runs", Map.of("state", Map.of("type", any("SCHEDULED"))))).body("$",
                hasSize(0));
        filterFlowRuns(with(scope, "flow_runs", Map.of("state", Map.of("name", any("RIP", "My Completed State")))))
                .body("$", hasSize(2));
        // 2.14.21's state type filter has no not_any_
        filterFlowRuns(with(scope, "flow_runs", Map.of("state", Map.of("type", Map.of("not_any_",
                List.of("RUNNING", "COMPLETED")))))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "state", "type", "not_any_")));
    }

    @Test
    void readFlowRunsFiltersByFlowVersionsAny() {
        String flowId = flow();
        String fr1 = flowRun("flow_id", flowId, "flow_version", "alpha");
        String fr2 = flowRun("flow_id", flowId, "flow_version", "beta");
        flowRun("flow_id", flowId);
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("flow_version", any("alpha")))).body("id",
                containsInAnyOrder(fr1));
        filterFlowRuns(with(scope, "flow_runs", Map.of("flow_version", any("alpha", "beta"))))
                .body("id", containsInAnyOrder(fr1, fr2));
        filterFlowRuns(with(scope, "flow_runs", Map.of("flow_version", any("omega")))).body("$", hasSize(0));
    }

    @Test
    void readFlowRunsFiltersByStartTime() {
        String flowId = flow();
        OffsetDateTime now = now();
        String[] runs = new String[4];
        for (int i = 0; i < 4; i++) {
            runs[i] = flowRun("flow_id", flowId, "state", Map.of("type", "COMPLETED", "name", "My Completed State"));
        }
        sql("UPDATE flow_run SET start_time = ? WHERE id = ?", now.minusMinutes(1), runs[0]);
        sql("UPDATE flow_run SET start_time = ? WHERE id = ?", now, runs[1]);
        sql("UPDATE flow_run SET start_time = ? WHERE id = ?", now.plusMinutes(1), runs[2]);
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("start_time", Map.of("before_", now.minusSeconds(1).toString()))))
                .body("id", containsInAnyOrder(runs[0]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("start_time", Map.of("after_", now.toString()))))
                .body("id", containsInAnyOrder(runs[1], runs[2]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("start_time", Map.of("before_",
                now.plusMinutes(10).toString(), "after_", now.plusSeconds(1).toString()))))
                .body("id", containsInAnyOrder(runs[2]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("start_time", Map.of("is_null_", true))))
                .body("id", containsInAnyOrder(runs[3]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("start_time", Map.of("is_null_", false))))
                .body("id", containsInAnyOrder(runs[0], runs[1], runs[2]));
    }

    @Test
    void readFlowRunsFiltersByNextScheduledStartTime() {
        String flowId = flow();
        OffsetDateTime now = now();
        String[] runs = new String[3];
        for (int i = 0; i < 3; i++) {
            runs[i] = flowRun("flow_id", flowId, "state", Map.of("type", "SCHEDULED", "state_details",
                    Map.of("scheduled_time", now.plusMinutes(i - 1).toString())));
        }
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("next_scheduled_start_time",
                Map.of("before_", now.minusSeconds(1).toString())))).body("id", containsInAnyOrder(runs[0]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("next_scheduled_start_time",
                Map.of("after_", now.toString())))).body("id", containsInAnyOrder(runs[1], runs[2]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("next_scheduled_start_time",
                Map.of("before_", now.plusMinutes(10).toString(), "after_", now.plusSeconds(1).toString()))))
                .body("id", containsInAnyOrder(runs[2]));
    }

    @Test
    void readFlowRunsFiltersByExpectedStartTime() {
        String flowId = flow();
        OffsetDateTime now = now();
        String[] runs = new String[3];
        for (int i = 0; i < 3; i++) {
            runs[i] = flowRun("flow_id", flowId, "state", Map.of("type", "SCHEDULED", "state_details",
                    Map.of("scheduled_time", now.plusMinutes(i - 1).toString())));
        }
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("expected_start_time",
                Map.of("before_", now.minusSeconds(1).toString())))).body("id", containsInAnyOrder(runs[0]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("expected_start_time",
                Map.of("after_", now.toString())))).body("id", containsInAnyOrder(runs[1], runs[2]));
        filterFlowRuns(with(scope, "flow_runs", Map.of("expected_start_time",
                Map.of("before_", now.plusMinutes(10).toString(), "after_", now.plusSeconds(1).toString()))))
                .body("id", containsInAnyOrder(runs[2]));
    }

    @Test
    void readFlowsFiltersByDeploymentId() {
        String flowId = flow();
        String deploymentId = deployment(flowId);
        String fr1 = flowRun("flow_id", flowId, "deployment_id", deploymentId);
        String fr2 = flowRun("flow_id", flowId);
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("deployment_id", any(deploymentId))))
                .body("id", containsInAnyOrder(fr1));
        filterFlowRuns(with(scope, "flow_runs", Map.of("deployment_id", any(UUID.randomUUID().toString()))))
                .body("$", hasSize(0));
        filterFlowRuns(with(scope, "flow_runs", Map.of("deployment_id", Map.of("is_null_", true))))
                .body("id", containsInAnyOrder(fr2));
        filterFlowRuns(with(scope, "flow_runs", Map.of("deployment_id", Map.of("is_null_", false))))
                .body("id", containsInAnyOrder(fr1));
    }

    @Test
    void readFlowRunsFiltersByParentTaskRunIds() {
        String flowId = flow();
        String parent = flowRun("flow_id", flowId);
        String task = taskRun(parent);
        String child = flowRun("flow_id", flowId, "parent_task_run_id", task);
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("parent_task_run_id", any(task))))
                .body("id", containsInAnyOrder(child));
        filterFlowRuns(with(scope, "flow_runs", Map.of("parent_task_run_id", any(UUID.randomUUID().toString()))))
                .body("$", hasSize(0));
        filterFlowRuns(with(scope, "flow_runs", Map.of("parent_task_run_id", Map.of("is_null_", true))))
                .body("id", containsInAnyOrder(parent));
        filterFlowRuns(with(scope, "flow_runs", Map.of("parent_task_run_id", Map.of("is_null_", false))))
                .body("id", containsInAnyOrder(child));
    }

    @Test
    void readFlowRunsFiltersByMultipleCriteria() {
        String flowId = flow();
        String fr1 = flowRun("flow_id", flowId, "tags", List.of("db", "blue"));
        String fr2 = flowRun("flow_id", flowId, "tags", List.of("db"));
        Map<String, Object> scope = ofFlows(flowId);
        filterFlowRuns(with(scope, "flow_runs", Map.of("id", any(fr1), "tags", Map.of("all_", List.of("db")))))
                .body("id", containsInAnyOrder(fr1));
        filterFlowRuns(with(scope, "flow_runs", Map.of("id", any(fr2), "tags", Map.of("all_", List.of("blue")))))
                .body("$", hasSize(0));
        filterFlowRuns(with(scope, "flow_runs", Map.of("operator", "or_", "id", any(fr2), "tags",
                Map.of("all_", List.of("blue"))))).body("id", containsInAnyOrder(fr1, fr2));
    }

    @Test
    void readFlowRunsFiltersByFlowCriteria() {
        String flowId = flow();
        String fr1 = flowRun("flow_id", flowId);
        String fr2 = flowRun("flow_id", flowId);
        filterFlowRuns(ofFlows(flowId)).body("id", containsInAnyOrder(fr1, fr2));
        filterFlowRuns(ofFlows(UUID.randomUUID().toString())).body("$", hasSize(0));
    }

    @Test
    void readFlowRunsFiltersByDeploymentCriteria() {
        String flowId = flow();
        String deploymentId = deployment(flowId);
        String fr1 = flowRun("flow_id", flowId, "deployment_id", deploymentId, "state", Map.of("type", "SCHEDULED"));
        filterFlowRuns(json("deployments", Map.of("id", any(deploymentId)))).body("id", containsInAnyOrder(fr1));
        filterFlowRuns(json("deployments", Map.of("id", any(UUID.randomUUID().toString())))).body("$", hasSize(0));
    }

    @Test
    void readFlowRunsFiltersByFlowAndTaskRunCriteria() {
        String flowId = flow();
        flowRun("flow_id", flowId);
        String fr2 = flowRun("flow_id", flowId);
        String task = taskRun(fr2);
        filterFlowRuns(with(ofFlows(flowId), "task_runs", Map.of("id", any(task)))).body("id", containsInAnyOrder(fr2));
        filterFlowRuns(with(ofFlows(flowId), "task_runs", Map.of("id", any(UUID.randomUUID().toString()))))
                .body("$", hasSize(0));
    }

    // ------------------------------------------------------------------ TestReadFlowRunGraph

    /** A completed flow run with ten completed task runs, each taking the previous one's result as input. */
    static String graphData() {
        String flowId = flow();
        String fr = flowRun("flow_id", flowId, "tags", List.of("running"), "state", Map.of("type", "COMPLETED"));
        String previous = null;
        for (int r = 0; r < 10; r++) {
            Map<String, Object> inputs = previous == null ? Map.of()
                    : Map.of("x", List.of(Map.of("input_type", "task_run", "id", previous)));
            previous = taskRun(fr, "task_key", String.valueOf(r), "dynamic_key", String.valueOf(r * 3), "state",
                    Map.of("type", "COMPLETED"), "task_inputs", inputs);
        }
        return fr;
    }

    @Test
    void readFlowRunGraph() {
        String id = statelessFlowRun(flow());
        given().get("/api/flow_runs/{id}/graph", id).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void readFlowRunGraphReturnsDependencies() {
        given().get("/api/flow_runs/{id}/graph", graphData()).then().statusCode(200).body("$", hasSize(10));
    }

    @Test
    void readFlowRunGraphReturnsUpstreamDependencies() {
        List<Map<String, Object>> nodes = given().get("/api/flow_runs/{id}/graph", graphData()).then()
                .statusCode(200).extract().path("$");
        List<Map<String, Object>> withUpstream = nodes.stream()
                .filter(n -> !((List<?>) n.get("upstream_dependencies")).isEmpty()).toList();
        assertEquals(9, withUpstream.size());
        assertTrue(withUpstream.stream().allMatch(n -> ((List<?>) n.get("upstream_dependencies")).size() == 1));
        assertTrue(nodes.stream().allMatch(n -> "COMPLETED".equals(((Map<?, ?>) n.get("state")).get("type"))));
    }

    /** models: read_task_run_dependencies raises ObjectNotFoundError, which the API answers with a 404. */
    @Test
    void readFlowRunGraphOfMissingRunIs404() {
        UUID id = UUID.randomUUID();
        given().get("/api/flow_runs/{id}/graph", id).then().statusCode(404)
                .body("exception_message", equalTo("Flow run with id " + id + " not found"));
    }

    // ------------------------------------------------------------------ TestDeleteFlowRuns

    @Test
    void deleteFlowRuns() {
        String id = flowRun("flow_id", flow());
        given().delete("/api/flow_runs/{id}", id).then().statusCode(204);
        given().get("/api/flow_runs/{id}", id).then().statusCode(404);
    }

    @Test
    void deleteFlowRunReturns404IfDoesNotExist() {
        given().delete("/api/flow_runs/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Flow run not found"));
    }

    /** models: a run's states, task runs (and their states) and inputs go with it. */
    @Test
    void deleteFlowRunWithData() {
        String id = flowRun("flow_id", flow(), "state", Map.of("type", "COMPLETED", "name", "My Running State",
                "data", Map.of("hello", "world")));
        String stateId = given().get("/api/flow_runs/{id}", id).then().body("state.data", equalTo(Map.of("hello",
                "world"))).extract().path("state_id");
        String task = taskRun(id);
        String taskState = given().get("/api/task_runs/{id}", task).then().extract().path("state_id");
        given().contentType(ContentType.JSON).body(Map.of("key", "k", "value", "v"))
                .post("/api/flow_runs/{id}/input", id).then().statusCode(201);
        given().delete("/api/flow_runs/{id}", id).then().statusCode(204);
        given().get("/api/flow_runs/{id}", id).then().statusCode(404);
        given().get("/api/flow_run_states/{id}", stateId).then().statusCode(404);
        given().get("/api/task_runs/{id}", task).then().statusCode(404);
        given().get("/api/task_run_states/{id}", taskState).then().statusCode(404);
        given().get("/api/flow_runs/{id}/input/k", id).then().statusCode(404);
    }

    // ------------------------------------------------------------------ TestSetFlowRunState

    @Test
    void setFlowRunState() {
        String id = statelessFlowRun(flow());
        setFlowState(id, Map.of("type", "RUNNING", "name", "Test State")).statusCode(201)
                .body("status", equalTo("ACCEPT")).body("details.type", equalTo("accept_details"));
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("RUNNING"))
                .body("state.name", equalTo("Test State"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PENDING", "RUNNING"})
    void settingFlowRunStateTwiceAborts(String proposed) {
        String id = statelessFlowRun(flow());
        setFlowState(id, Map.of("type", proposed, "name", "Test State")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        // an aborted transition answers the run's current state
        setFlowState(id, Map.of("type", "PENDING", "name", "Test State")).statusCode(200)
                .body("status", equalTo("ABORT")).body("details.type", equalTo("abort_details"))
                .body("state.type", equalTo(proposed));
    }

    @Test
    void setFlowRunStateIgnoresClientProvidedTimestamp() {
        String id = statelessFlowRun(flow());
        String timestamp = setFlowState(id, Map.of("type", "RUNNING", "name", "Test State", "timestamp",
                now().plusMonths(1).toString())).statusCode(201).extract().path("state.timestamp");
        assertTrue(OffsetDateTime.parse(timestamp).isBefore(OffsetDateTime.now()), "the timestamp is overwritten");
    }

    @Test
    void setFlowRunStateForceSkipsOrchestration() {
        String id = statelessFlowRun(flow());
        setFlowState(id, Map.of("type", "SCHEDULED", "name", "Scheduled", "state_details",
                Map.of("scheduled_time", now().plusMonths(1).toString()))).statusCode(201);
        setFlowState(id, Map.of("type", "RUNNING", "name", "Running")).statusCode(200)
                .body("status", equalTo("WAIT"));
        forceFlowState(id, Map.of("type", "RUNNING", "name", "Running")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
    }

    static List<Object> anyJsonableData() {
        return List.of(1, "test", Map.of("foo", "bar"), List.of(1, "a"), true, 1.5);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("anyJsonableData")
    void setFlowRunStateAcceptsAnyJsonableData(Object data) {
        String id = statelessFlowRun(flow());
        setFlowState(id, json("type", "COMPLETED", "data", data)).statusCode(201).body("status", equalTo("ACCEPT"))
                .body("state.data", equalTo(data instanceof Double d ? d.floatValue() : data));
        given().get("/api/flow_runs/{id}", id).then()
                .body("state.data", equalTo(data instanceof Double d ? d.floatValue() : data));
    }

    @Test
    void flowRunReceivesWaitUntilScheduledStartTime() {
        String id = statelessFlowRun(flow());
        setFlowState(id, Map.of("type", "SCHEDULED", "state_details",
                Map.of("scheduled_time", now().plusDays(1).toString()))).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        setFlowState(id, Map.of("type", "PENDING")).statusCode(201).body("status", equalTo("ACCEPT"));
        float delay = setFlowState(id, Map.of("type", "RUNNING")).statusCode(200).body("status", equalTo("WAIT"))
                .body("details.type", equalTo("wait_details")).extract().<Number>path("details.delay_seconds")
                .floatValue();
        assertTrue(86400 - delay >= 0 && 86400 - delay <= 10, "delay " + delay);
    }

    @Test
    void pendingToPending() {
        String id = flowRun("flow_id", flow(), "flow_version", "0.1", "state", Map.of("type", "PENDING"));
        setFlowState(id, Map.of("type", "PENDING", "name", "Test State")).statusCode(200)
                .body("status", equalTo("ABORT"))
                .body("details.reason", equalTo("This run is in a PENDING state and cannot transition to a PENDING"
                        + " state."));
    }

    @Test
    void pendingToPendingSameTransitionId() {
        String transitionId = UUID.randomUUID().toString();
        String id = flowRun("flow_id", flow(), "flow_version", "0.1", "state", Map.of("type", "PENDING",
                "state_details", Map.of("transition_id", transitionId)));
        String stateId = given().get("/api/flow_runs/{id}", id).then().extract().path("state_id");
        setFlowState(id, Map.of("type", "PENDING", "name", "Test State", "state_details",
                Map.of("transition_id", transitionId))).statusCode(200).body("status", equalTo("REJECT"))
                .body("details.type", equalTo("reject_details"))
                .body("details.reason", equalTo("This run has already made this state transition."))
                .body("state.id", equalTo(stateId));
    }

    @Test
    void setFlowRunStateOnMissingRunAndBadInput() {
        UUID missing = UUID.randomUUID();
        setFlowState(missing.toString(), Map.of("type", "RUNNING")).statusCode(404)
                .body("exception_message", equalTo("Flow run with id " + missing + " not found"));
        String id = statelessFlowRun(flow());
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/flow_runs/{id}/set_state", id).then()
                .statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "state")))
                .body("exception_detail[0].msg", equalTo("field required"))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
        given().post("/api/flow_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body")));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "BOGUS")))
                .post("/api/flow_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "type")))
                .body("exception_detail[0].type", equalTo("type_error.enum"))
                .body("exception_detail[0].ctx.enum_values", hasSize(9));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("name", "x")))
                .post("/api/flow_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "type")))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "RUNNING"), "force", "maybe"))
                .post("/api/flow_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "force")))
                .body("exception_detail[0].type", equalTo("type_error.bool"));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "RUNNING", "bogus", 1)))
                .post("/api/flow_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "bogus")))
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "SCHEDULED", "state_details",
                Map.of("scheduled_time", "tomorrow")))).post("/api/flow_runs/{id}/set_state", id).then()
                .statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "state_details", "scheduled_time")));
        given().contentType(ContentType.JSON).body(Map.of("state", "RUNNING"))
                .post("/api/flow_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state")))
                .body("exception_detail[0].type", equalTo("type_error.dict"));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "RUNNING")))
                .post("/api/flow_runs/{id}/set_state", "not-a-uuid").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")));
        given().get("/api/flow_runs/{id}", id).then().body("state", nullValue());
    }

    // ------------------------------------------------------------------ TestManuallyRetryingFlowRuns

    /** Prefect's failed_flow_run fixtures: FAILED, run_count given, one task run; optionally of a deployment. */
    static String failedFlowRun(boolean withDeployment, int runCount, Integer retries) {
        String flowId = flow();
        Map<String, Object> body = json("flow_id", flowId, "flow_version", "0.1", "state", Map.of("type", "FAILED"));
        if (withDeployment) {
            body.put("deployment_id", deployment(flowId));
        }
        if (retries != null) {
            body.put("empirical_policy", Map.of("retries", retries));
        }
        String id = postFlowRun(body).statusCode(201).extract().path("id");
        sql("UPDATE flow_run SET run_count = ? WHERE id = ?", runCount, id);
        taskRun(id, "task_key", "my-key", "dynamic_key", "0");
        return id;
    }

    @Test
    void manualFlowRunRetries() {
        String id = failedFlowRun(true, 1, null);
        setFlowState(id, Map.of("type", "SCHEDULED", "name", "AwaitingRetry")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        given().get("/api/flow_runs/{id}", id).then().body("run_count", equalTo(1))
                .body("state.type", equalTo("SCHEDULED"));
    }

    @Test
    void manualFlowRunRetriesSucceedEvenIfExceedingRetriesSetting() {
        String id = failedFlowRun(true, 3, 2);
        setFlowState(id, Map.of("type", "SCHEDULED", "name", "AwaitingRetry")).statusCode(201);
        given().get("/api/flow_runs/{id}", id).then().body("run_count", equalTo(3))
                .body("state.type", equalTo("SCHEDULED"));
    }

    @Test
    void manualFlowRunRetriesAllowArbitraryStateName() {
        String id = failedFlowRun(true, 1, null);
        setFlowState(id, Map.of("type", "SCHEDULED", "name", "FooBar")).statusCode(201);
        given().get("/api/flow_runs/{id}", id).then().body("state.type", equalTo("SCHEDULED"))
                .body("state.name", equalTo("FooBar"));
    }

    @Test
    void cannotRestartFlowRunWithoutDeployment() {
        String id = failedFlowRun(false, 1, null);
        setFlowState(id, Map.of("type", "SCHEDULED", "name", "AwaitingRetry")).statusCode(200)
                .body("status", equalTo("ABORT"));
        given().get("/api/flow_runs/{id}", id).then().body("run_count", equalTo(1))
                .body("state.type", equalTo("FAILED"));
    }

    // ------------------------------------------------------------------ TestFlowRunHistory

    @ParameterizedTest
    @ValueSource(strings = {"flow_runs", "task_runs"})
    void historyIntervalMustBeOneSecondOrLarger(String route) {
        given().contentType(ContentType.JSON).body(Map.of("history_start", now().toString(), "history_end",
                now().plusDays(1).toString(), "history_interval_seconds", 0.9)).post("/api/" + route + "/history")
                .then().statusCode(422).body("detail", equalTo("History interval must not be less than 1 second."));
    }

    // ------------------------------------------------------------------ TestFlowRunLateness

    /** Five runs scheduled a minute ago that started 0..4 seconds late. */
    static List<String> lateFlowRuns(String flowId) {
        List<String> ids = new ArrayList<>();
        OffsetDateTime oneMinuteAgo = now().minusMinutes(1);
        for (int i = 0; i < 5; i++) {
            String id = flowRun("flow_id", flowId, "state", Map.of("type", "SCHEDULED", "state_details",
                    Map.of("scheduled_time", oneMinuteAgo.toString())));
            forceFlowState(id, Map.of("type", "RUNNING")).statusCode(201);
            sql("UPDATE flow_run SET start_time = ? WHERE id = ?", oneMinuteAgo.plusSeconds(i), id);
            ids.add(id);
        }
        return ids;
    }

    @Test
    void averageLatenessNoFlowRuns() {
        given().contentType(ContentType.JSON).body(ofFlows(UUID.randomUUID().toString()))
                .post("/api/flow_runs/lateness").then().statusCode(200).body(equalTo("null"));
    }

    @Test
    void averageLateness() {
        String flowId = flow();
        lateFlowRuns(flowId);
        given().contentType(ContentType.JSON).body(ofFlows(flowId)).post("/api/flow_runs/lateness").then()
                .statusCode(200).body(equalTo("2.0"));
    }

    @Test
    void latenessSupportsFilters() {
        String flowId = flow();
        List<String> late = lateFlowRuns(flowId);
        given().contentType(ContentType.JSON).body(json("flow_runs", Map.of("id", any(late.get(3), late.get(4)))))
                .post("/api/flow_runs/lateness").then().statusCode(200).body(equalTo("3.5"));
    }

    /** A run not started, not final and expected in the past counts as late by now; final runs count zero. */
    @Test
    void latenessOfRunsNotStarted() {
        String flowId = flow();
        String waiting = flowRun("flow_id", flowId, "state", Map.of("type", "SCHEDULED", "state_details",
                Map.of("scheduled_time", now().minusSeconds(100).toString())));
        float lateness = given().contentType(ContentType.JSON).body(ofFlows(flowId)).post("/api/flow_runs/lateness")
                .then().statusCode(200).extract().as(Float.class);
        assertTrue(lateness >= 100 && lateness < 300, "lateness " + lateness);
        forceFlowState(waiting, Map.of("type", "CANCELLED")).statusCode(201);
        given().contentType(ContentType.JSON).body(ofFlows(flowId)).post("/api/flow_runs/lateness").then()
                .statusCode(200).body(equalTo("0.0"));
    }
}
