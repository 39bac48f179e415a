package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.flowRun;
import static dev.orchestra.api.PortFixtures.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the query routes of both routers ({@code filter}, {@code count}, {@code lateness}): limits, offsets,
 * sorts, filter members and bodies that are not JSON objects, each answered with Prefect's error body and never a
 * 500. The filter routes of flow runs and task runs take the same checks, so each case runs on both.
 */
@QuarkusTest
class RunRoutesBadInputPortTest {

    static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/flow_runs/filter", "/api/task_runs/filter"})
    void limitsAndOffsets(String path) {
        post(path, Map.of("limit", -1)).statusCode(422)
                .body("detail", equalTo("Invalid limit: must be greater than or equal to 0."));
        post(path, Map.of("limit", 201)).statusCode(422)
                .body("detail", equalTo("Invalid limit: must be less than or equal to 200."));
        post(path, Map.of("limit", 200, "flows", Map.of("id", Map.of("any_", List.of(UUID.randomUUID().toString())))))
                .statusCode(200).body("$", hasSize(0));
        post(path, Map.of("offset", -1)).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "offset")))
                .body("exception_detail[0].msg", equalTo("ensure this value is greater than or equal to 0"))
                .body("exception_detail[0].type", equalTo("value_error.number.not_ge"))
                .body("exception_detail[0].ctx.limit_value", equalTo(0));
        post(path, Map.of("limit", "many")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "limit")))
                .body("exception_detail[0].msg", equalTo("value is not a valid integer"))
                .body("exception_detail[0].type", equalTo("type_error.integer"));
        post(path, Map.of("offset", List.of(1))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "offset")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/flow_runs/filter", "/api/task_runs/filter"})
    void unknownSort(String path) {
        post(path, Map.of("sort", "SIDEWAYS")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "sort")))
                .body("exception_detail[0].msg", startsWith("value is not a valid enumeration member; permitted: "
                        + "'ID_DESC', "))
                .body("exception_detail[0].type", equalTo("type_error.enum"))
                .body("exception_detail[0].ctx.enum_values[0]", equalTo("ID_DESC"));
        post(path, Map.of("sort", "id_desc")).statusCode(422);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/flow_runs/filter", "/api/flow_runs/count", "/api/flow_runs/lateness",
            "/api/task_runs/filter", "/api/task_runs/count"})
    void badFilterMembers(String path) {
        post(path, Map.of("flow_runs", Map.of("bogus", 1))).statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "bogus")))
                .body("exception_detail[0].msg", equalTo("extra fields not permitted"))
                .body("exception_detail[0].type", equalTo("value_error.extra"))
                .body("request_body.flow_runs.bogus", equalTo(1));
        post(path, Map.of("flow_runs", Map.of("id", Map.of("any_", List.of("nope"))))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "id", "any_", 0)))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
        post(path, Map.of("flow_runs", Map.of("state", Map.of("type", Map.of("any_", List.of("NOPE"))))))
                .statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "state", "type", "any_", 0)))
                .body("exception_detail[0].type", equalTo("type_error.enum"));
        post(path, Map.of("flow_runs", Map.of("start_time", Map.of("before_", "yesterday")))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "start_time", "before_")));
        post(path, Map.of("flow_runs", Map.of("tags", Map.of("all_", "red")))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "tags", "all_")))
                .body("exception_detail[0].type", equalTo("type_error.list"));
        post(path, Map.of("flow_runs", Map.of("operator", "xor_"))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "operator")))
                .body("exception_detail[0].type", equalTo("type_error.enum"));
        post(path, Map.of("flow_runs", "all")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs")))
                .body("exception_detail[0].type", equalTo("type_error.dict"));
        post(path, Map.of("flows", Map.of("name", Map.of("any_", List.of("x")), "nme", 1))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flows", "nme")));
        post(path, Map.of("task_runs", Map.of("subflow_runs", Map.of("exists_", "sometimes")))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "task_runs", "subflow_runs", "exists_")))
                .body("exception_detail[0].type", equalTo("type_error.bool"));
        post(path, Map.of("deployments", Map.of("id", Map.of("any_", "x")))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "deployments", "id", "any_")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/flow_runs/filter", "/api/flow_runs/count", "/api/flow_runs/lateness",
            "/api/task_runs/filter", "/api/task_runs/count", "/api/flow_runs/history", "/api/task_runs/history"})
    void bodiesThatAreNotJsonObjects(String path) {
        given().contentType(ContentType.JSON).body("{\"limit\": 1,").post(path).then().statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(List.of("body", 12)))
                .body("exception_detail[0].msg", equalTo("Expecting property name enclosed in double quotes:"
                        + " line 1 column 13 (char 12)"))
                .body("exception_detail[0].type", equalTo("value_error.jsondecode"))
                .body("exception_detail[0].ctx", equalTo(Map.of("msg",
                        "Expecting property name enclosed in double quotes", "doc", "{\"limit\": 1,", "pos", 12,
                        "lineno", 1, "colno", 13)))
                .body("request_body", equalTo("{\"limit\": 1,"));
        given().contentType(ContentType.JSON).body("[]").post(path).then().statusCode(422)
                .body("exception_detail[0].loc[0]", equalTo("body"));
        given().contentType(ContentType.JSON).body("\"x\"").post(path).then().statusCode(422);
        given().contentType(ContentType.JSON).body("{} {}").post(path).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", 3)))
                .body("exception_detail[0].msg", equalTo("Extra data: line 1 column 4 (char 3)"));
        // bytes that are not UTF-8 cannot be read at all: FastAPI's 400
        given().contentType(ContentType.JSON).body(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}).post(path)
                .then().statusCode(400).body("detail", equalTo("There was an error parsing the body"));
    }

    /** FastAPI ignores top-level keys a route does not declare; the filter routes work on without them. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/flow_runs/filter", "/api/flow_runs/count", "/api/task_runs/filter",
            "/api/task_runs/count"})
    void unknownTopLevelKeysAreIgnored(String path) {
        String flowId = flow();
        flowRun("flow_id", flowId);
        post(path, json("surprise", 1, "flows", Map.of("id", Map.of("any_", List.of(flowId))))).statusCode(200);
    }

    /** Filter members set to null mean "no filter", as FastAPI's optional bodies do. */
    @Test
    void nullFilterMembersMeanNoFilter() {
        String flowId = flow();
        String id = flowRun("flow_id", flowId);
        post("/api/flow_runs/filter", json("flows", Map.of("id", Map.of("any_", List.of(flowId))), "flow_runs", null,
                "task_runs", null, "sort", null, "limit", null, "offset", null)).statusCode(200)
                .body("id", equalTo(List.of(id)));
    }

    @Test
    void wrongMethodsAndUnknownRoutes() {
        // as in Starlette, GET /flow_runs/filter is GET /flow_runs/{id} with a bad id
        given().get("/api/flow_runs/filter").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")));
        given().put("/api/task_runs/{id}", UUID.randomUUID()).then().statusCode(405)
                .body("detail", equalTo("Method Not Allowed"));
        given().get("/api/flow_runs/{id}/nothing-here", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Not Found"));
    }

    /** graph-v2's path only matches a canonical UUID ({@code {id:uuid}}): anything else is no route, a 404. */
    @Test
    void graphV2WithAnIdThatIsNotAUuidMatchesNoRoute() {
        given().get("/api/flow_runs/{id}/graph-v2", "not-a-uuid").then().statusCode(404)
                .body("detail", equalTo("Not Found"));
        UUID missing = UUID.randomUUID();
        given().get("/api/flow_runs/{id}/graph-v2", missing).then().statusCode(404)
                .body("exception_message", equalTo("Flow run " + missing + " not found"));
        given().get("/api/flow_runs/{id}/graph", "not-a-uuid").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")));
    }

    /**
     * Values pydantic lets through but PostgreSQL refuses (a NUL character in text or JSON, an interval out of
     * range): Prefect answers 500 or 503 (its handler treats every database error as retryable); here a 4xx.
     */
    @Test
    void valuesTheDatabaseRefusesAre4xx() {
        String flowId = flow();
        post("/api/flow_runs/", Map.of("flow_id", flowId, "parameters", Map.of("x", "a\u0000b"))).statusCode(422);
        post("/api/flow_runs/", Map.of("flow_id", flowId, "name", "a\u0000b")).statusCode(422);
        post("/api/flow_runs/filter", Map.of("flow_runs", Map.of("name", Map.of("like_", "a\u0000b"))))
                .statusCode(422);
        post("/api/task_runs/", Map.of("flow_run_id", flowRun("flow_id", flowId), "task_key", "k\u0000",
                "dynamic_key", "0")).statusCode(422);
        post("/api/flow_runs/history", Map.of("history_start", "2021-01-01T00:00:00+00:00", "history_end",
                "2021-01-02T00:00:00+00:00", "history_interval_seconds", 1e20)).statusCode(422);
        post("/api/flow_runs/filter", Map.of("limit", 99999999999L)).statusCode(422);
        given().get("/api/flow_runs/{id}", "\u0000").then().statusCode(422);
    }

    @Test
    void createFlowRunBadInput() {
        String flowId = flow();
        post("/api/flow_runs/", Map.of("flow_id", "nope")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_id")))
                .body("exception_detail[0].msg", equalTo("value is not a valid uuid"))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "parameters", List.of(1))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "parameters")))
                .body("exception_detail[0].type", equalTo("type_error.dict"));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "context", "x")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "context")));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "tags", Map.of())).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "tags")))
                .body("exception_detail[0].type", equalTo("type_error.list"));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "empirical_policy", Map.of("retries", "x")))
                .statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "empirical_policy", "retries")));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "idempotency_key", Map.of())).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "idempotency_key")))
                .body("exception_detail[0].type", equalTo("type_error.str"));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "parent_task_run_id", 7)).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "parent_task_run_id")));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "state", Map.of())).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "type")))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
        post("/api/flow_runs/", Map.of("flow_id", flowId, "state", Map.of("type", "SCHEDULED", "state_details",
                Map.of("scheduled_time", 12)))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "state_details", "scheduled_time")));
        given().contentType(ContentType.JSON).body("[]").post("/api/flow_runs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body")))
                .body("exception_detail[0].type", equalTo("type_error.dict"));
        given().contentType(ContentType.JSON).body("nope").post("/api/flow_runs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", 0)))
                .body("exception_detail[0].msg", equalTo("Expecting value: line 1 column 1 (char 0)"))
                .body("exception_detail[0].type", equalTo("value_error.jsondecode"))
                .body("request_body", equalTo("nope"));
        // FastAPI reads a body as JSON only when it says so (or says nothing): text is not a dict
        given().contentType(ContentType.TEXT).body("{\"flow_id\": \"" + flowId + "\"}").post("/api/flow_runs/")
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body")))
                .body("exception_detail[0].type", equalTo("type_error.dict"))
                .body("request_body", equalTo("{\"flow_id\": \"" + flowId + "\"}"));
        given().contentType("application/vnd.api+json").body("{\"flow_id\": \"" + flowId + "\"}")
                .post("/api/flow_runs/").then().statusCode(201);
        given().contentType(ContentType.TEXT).post("/api/flow_runs/filter").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"flow_id\": \"" + flowId + "\", \"flow_id\": \"x\"}")
                .post("/api/flow_runs/").then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("flow_id", flowId)).header("X-PREFECT-API-VERSION", "0.7.9")
                .post("/api/flow_runs/").then().statusCode(400).body("detail", notNullValue());
    }
}
