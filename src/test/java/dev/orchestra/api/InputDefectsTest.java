package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.flowRun;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The input defects of issue 11: each answered 500 before, each a 4xx (or a normal answer) now. */
@QuarkusTest
class InputDefectsTest {

    static final String ZERO = "00000000-0000-0000-0000-000000000000";

    /** Every GET and DELETE route of the OpenAPI document, its path parameters filled in. */
    static List<String[]> getAndDeleteRoutes() {
        Map<String, Map<String, Object>> paths = given().when().get("/api/openapi.json").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<String[]> routes = new ArrayList<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> {
            if (method.equals("get") || method.equals("delete")) {
                String concrete = path.replaceAll("\\{id}", ZERO).replaceAll("\\{[^}]+}", "x");
                routes.add(new String[] {method.toUpperCase(), concrete});
            }
        }));
        return routes;
    }

    @Test
    void getAndDeleteWithAJsonContentTypeAndNoBodyAnswerAsWithout() {
        List<String[]> routes = getAndDeleteRoutes();
        assertTrue(routes.size() > 20, "routes found: " + routes.size());
        for (String[] route : routes) {
            int without = given().when().request(route[0], route[1]).then().extract().statusCode();
            given().header("Content-Type", "application/json").when().request(route[0], route[1])
                    .then().statusCode(equalTo(without)).statusCode(lessThan(500));
        }
    }

    static Stream<Arguments> nullWhereRequired() {
        return Stream.of(
                Arguments.of("/api/flow_runs/", json("flow_id", null), List.of("body", "flow_id")),
                Arguments.of("/api/concurrency_limits/", json("tag", "t", "concurrency_limit", null),
                        List.of("body", "concurrency_limit")),
                Arguments.of("/api/flow_runs/history", json("history_start", "2024-01-01T00:00:00Z",
                        "history_end", "2024-01-02T00:00:00Z", "history_interval_seconds", null),
                        List.of("body", "history_interval_seconds")),
                Arguments.of("/api/block_types/", json("name", null, "slug", "s"), List.of("body", "name")),
                Arguments.of("/api/work_queues/", json("name", null), List.of("body", "name")));
    }

    @ParameterizedTest
    @MethodSource
    void nullWhereRequired(String route, Map<String, Object> body, List<Object> loc) {
        given().contentType(ContentType.JSON).body(body).when().post(route)
                .then().statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(loc))
                .body("exception_detail[0].msg", equalTo("none is not an allowed value"));
    }

    @Test
    void nullStateOrStateTypeOfARun() {
        String run = flowRun("flow_id", flow());
        given().contentType(ContentType.JSON).body(json("state", null))
                .when().post("/api/flow_runs/{id}/set_state", run)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "state")));
        given().contentType(ContentType.JSON).body(json("state", json("type", null)))
                .when().post("/api/flow_runs/{id}/set_state", run)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "state", "type")));
        given().contentType(ContentType.JSON).body(json("key", "k", "value", null))
                .when().post("/api/flow_runs/{id}/input", run)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "value")));
    }

    @Test
    void emptyStringForARequiredUuid() {
        given().contentType(ContentType.JSON).body(json("flow_id", ""))
                .when().post("/api/flow_runs/")
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "flow_id")));
    }

    @Test
    void nulCharacterInABodyStringIsA422AtItsLocation() {
        String body = "{\"name\": \"" + unique("flow") + "\", \"tags\": [\"a\", \"b\\u0000c\"]}";
        given().contentType(ContentType.JSON).body(body).when().post("/api/flows/")
                .then().statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(List.of("body", "tags", 1)))
                .body("exception_detail[0].type", equalTo("value_error.str.nul"))
                .body("request_body.tags[1]", equalTo("b\u0000c"));
        String run = flowRun("flow_id", flow());
        given().contentType(ContentType.JSON)
                .body("{\"state\": {\"type\": \"COMPLETED\", \"state_details\": {\"cache_key\": \"x\\u0000\"}}}")
                .when().post("/api/flow_runs/{id}/set_state", run)
                .then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "state_details", "cache_key")));
    }

    @Test
    void nulCharacterInAPathIsA422() {
        given().urlEncodingEnabled(false).when().get("/api/flows/name/%00").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "name")));
        given().urlEncodingEnabled(false).when().get("/api/concurrency_limits/tag/a%00b").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "tag")));
        given().urlEncodingEnabled(false).when().delete("/api/concurrency_limits/tag/%00").then().statusCode(422);
    }

    @Test
    void duplicatedKeysKeepTheLastValueOnEveryRoute() {
        String name = unique("dup");
        given().contentType(ContentType.JSON).body("{\"tag\": \"" + name + "\", \"concurrency_limit\": 1}")
                .when().post("/api/concurrency_limits/").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"limit\": 0, \"offset\": 0, \"limit\": 200}")
                .when().post("/api/concurrency_limits/filter").then().statusCode(200);
        String first = unique("first");
        String last = unique("last");
        JsonPath created = given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + first + "\", \"tags\": [\"x\"], \"name\": \"" + last + "\"}")
                .when().post("/api/flows/").then().statusCode(201).extract().jsonPath();
        assertTrue(created.getString("name").equals(last), created.prettify());
        given().contentType(ContentType.JSON).body("{\"limit\": 5, \"offset\": 0, \"limit\": 0}")
                .when().post("/api/flows/filter").then().statusCode(200).body("size()", equalTo(0));
    }

    static final String MEGABYTE = "x".repeat(1 << 20);

    /** {@code n} four-byte UTF-8 characters: the worst case for an index entry. */
    static String wide(int n) {
        return "\uD83D\uDE00".repeat(n);
    }

    static void tooLong(io.restassured.response.ValidatableResponse response, List<Object> loc, int limit) {
        response.statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(loc))
                .body("exception_detail[0].msg", equalTo("ensure this value has at most " + limit + " characters"))
                .body("exception_detail[0].ctx.limit_value", equalTo(limit));
    }

    @Test
    void indexedTextLongerThanItsLimitIsA422NamingTheLimit() {
        tooLong(given().contentType(ContentType.JSON).body(json("name", MEGABYTE)).when().post("/api/flows/")
                .then(), List.of("body", "name"), 500);
        String flowId = flow();
        tooLong(PortFixtures.postFlowRun(json("flow_id", flowId, "flow_version", MEGABYTE)),
                List.of("body", "flow_version"), 500);
        tooLong(PortFixtures.postFlowRun(json("flow_id", flowId, "idempotency_key", MEGABYTE)),
                List.of("body", "idempotency_key"), 500);
        String run = flowRun("flow_id", flowId);
        tooLong(PortFixtures.postTaskRun(json("flow_run_id", run, "task_key", MEGABYTE, "dynamic_key", "0")),
                List.of("body", "task_key"), 400);
        tooLong(PortFixtures.postTaskRun(json("flow_run_id", run, "task_key", "k", "dynamic_key", MEGABYTE)),
                List.of("body", "dynamic_key"), 200);
        tooLong(given().contentType(ContentType.JSON).body(json("name", MEGABYTE))
                .when().patch("/api/flow_runs/{id}", run).then(), List.of("body", "name"), 500);
        tooLong(given().contentType(ContentType.JSON).body(json("tag", MEGABYTE, "concurrency_limit", 1))
                .when().post("/api/concurrency_limits/").then(), List.of("body", "tag"), 500);
        tooLong(PortFixtures.setFlowState(run, json("type", "RUNNING", "name", MEGABYTE)),
                List.of("body", "state", "name"), 500);
        tooLong(given().contentType(ContentType.JSON).body(json("name", MEGABYTE))
                .when().post("/api/work_queues/").then(), List.of("body", "name"), 500);
    }

    @Test
    void textAtItsLimitFitsTheIndexEvenInFourByteCharacters() {
        String name = wide(500 - 40) + unique("");
        given().contentType(ContentType.JSON).body(json("name", name)).when().post("/api/flows/")
                .then().statusCode(201).body("name", equalTo(name));
        String run = flowRun("flow_id", flow(), "name", wide(500), "flow_version", wide(500),
                "idempotency_key", wide(500));
        PortFixtures.postTaskRun(json("flow_run_id", run, "task_key", wide(400), "dynamic_key", wide(200)))
                .statusCode(201);
        PortFixtures.setFlowState(run, json("type", "RUNNING", "name", wide(500))).statusCode(201);
        String tag = wide(460) + unique("");
        given().contentType(ContentType.JSON).body(json("tag", tag, "concurrency_limit", 1))
                .when().post("/api/concurrency_limits/").then().statusCode(200);
    }

    static List<String> uuids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(java.util.UUID.randomUUID().toString());
        }
        return ids;
    }

    @Test
    void filterListsAreCappedWithA422NamingTheCap() {
        given().contentType(ContentType.JSON).body(json("flow_runs", json("id", json("any_", uuids(10_001)))))
                .when().post("/api/flow_runs/filter").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_runs", "id", "any_")))
                .body("exception_detail[0].msg", equalTo("ensure this value has at most 10000 items"))
                .body("exception_detail[0].ctx.limit_value", equalTo(10_000));
        given().contentType(ContentType.JSON).body(json("flow_runs", json("id", json("any_", uuids(10_000)))))
                .when().post("/api/flow_runs/filter").then().statusCode(200).body("size()", equalTo(0));
    }

    /** Found by the fuzz test: a null element of a list reached the service. */
    @Test
    void nullElementOfAListIsA422() {
        given().contentType(ContentType.JSON).body("[null]").when().post("/api/logs/")
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", 0)))
                .body("exception_detail[0].msg", equalTo("none is not an allowed value"));
        String tag = unique("tag");
        given().contentType(ContentType.JSON).body(json("tag", tag, "concurrency_limit", 1))
                .when().post("/api/concurrency_limits/").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"slot_override\": [null]}")
                .when().post("/api/concurrency_limits/tag/{tag}/reset", tag)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "slot_override", 0)));
    }
}
