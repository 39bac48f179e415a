package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The two policies of Prefect's request models: action models ({@code *Create}, {@code *Update}) refuse unknown
 * keys while core models nested in them ({@code StateDetails}, the policies, task inputs) drop them; a field that is
 * not {@code Optional} in Prefect refuses {@code null} (pydantic's "none is not an allowed value").
 */
@QuarkusTest
class RequestModelPolicyTest {

    @Test
    void unknownKeysInsideStateDetailsAreDropped() {
        String run = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow(),
                "state", Map.of("type", "PENDING", "state_details", Map.of("a_future_key", 1))));
        given().contentType(ContentType.JSON)
                .body(Map.of("state", Map.of("type", "RUNNING", "state_details",
                        Map.of("a_future_key", "x", "cache_key", "k"))))
                .post("/api/flow_runs/" + run + "/set_state")
                .then().statusCode(201).body("status", equalTo("ACCEPT"))
                .body("state.state_details.cache_key", equalTo("k"));
        given().get("/api/flow_runs/" + run).then().statusCode(200)
                .body("state.state_details.containsKey('a_future_key')", equalTo(false));
    }

    @Test
    void unknownKeysInsideTaskInputsAreDroppedAndInActionModelsRefused() {
        String run = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow()));
        given().contentType(ContentType.JSON).body(Map.of("flow_run_id", run, "task_key", "k", "dynamic_key", "0",
                "task_inputs", Map.of("x", List.of(Map.of("input_type", "parameter", "name", "p", "extra", 1)))))
                .post("/api/task_runs/").then().statusCode(201)
                .body("task_inputs.x[0].containsKey('extra')", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("flow_id", UUID.randomUUID().toString(), "extra", 1))
                .post("/api/flow_runs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "extra")))
                .body("exception_detail[0].type", equalTo("value_error.extra"));
    }

    @Test
    void aNullTagListIsRefusedAndFiltersKeepWorking() {
        String flow = FlowRunResourceTest.flow();
        String run = FlowRunResourceTest.flowRun(Map.of("flow_id", flow, "tags", List.of("a")));
        given().contentType(ContentType.JSON).body("{\"tags\": null}").patch("/api/flow_runs/" + run)
                .then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "tags")))
                .body("exception_detail[0].msg", equalTo("none is not an allowed value"))
                .body("exception_detail[0].type", equalTo("type_error.none.not_allowed"));
        given().contentType(ContentType.JSON)
                .body(Map.of("flows", Map.of("id", Map.of("any_", List.of(flow))))).post("/api/flow_runs/filter")
                .then().statusCode(200).body("", hasSize(1)).body("[0].tags", equalTo(List.of("a")));
    }

    static Stream<Arguments> nullsPrefectRefuses() {
        return Stream.of(
                Arguments.of("post", "/api/flow_runs/", "{\"flow_id\": \"%s\", \"tags\": null}", "tags"),
                Arguments.of("post", "/api/flow_runs/", "{\"flow_id\": \"%s\", \"parameters\": null}", "parameters"),
                Arguments.of("post", "/api/flow_runs/", "{\"flow_id\": \"%s\", \"empirical_policy\": null}",
                        "empirical_policy"),
                Arguments.of("post", "/api/flow_runs/", "{\"flow_id\": \"%s\", \"state\": {\"type\": \"PENDING\","
                        + " \"state_details\": null}}", "state_details"),
                Arguments.of("post", "/api/flow_runs/", "{\"flow_id\": \"%s\", \"state\": {\"type\": null}}", "type"),
                Arguments.of("patch", "/api/flow_runs/{run}", "{\"parameters\": null}", "parameters"),
                Arguments.of("post", "/api/task_runs/", "{\"flow_run_id\": \"{run}\", \"task_key\": \"k\","
                        + " \"dynamic_key\": \"2\", \"task_inputs\": null}", "task_inputs"),
                Arguments.of("post", "/api/task_runs/", "{\"flow_run_id\": \"{run}\", \"task_key\": \"k\","
                        + " \"dynamic_key\": \"1\", \"tags\": null}", "tags"),
                Arguments.of("post", "/api/flows/", "{\"name\": \"f\", \"tags\": null}", "tags"),
                Arguments.of("patch", "/api/flows/%s", "{\"tags\": null}", "tags"),
                Arguments.of("post", "/api/logs/", "[{\"name\": \"n\", \"level\": 10, \"message\": null,"
                        + " \"timestamp\": \"2024-01-01T00:00:00+00:00\"}]", "message"),
                Arguments.of("post", "/api/concurrency_limits/", "{\"tag\": null, \"concurrency_limit\": 1}", "tag"));
    }

    @ParameterizedTest(name = "{0} {1}: null {3}")
    @MethodSource("nullsPrefectRefuses")
    void aNullWherePrefectHasNoOptionalIsA422(String method, String path, String body, String field) {
        String flow = FlowRunResourceTest.flow();
        String run = FlowRunResourceTest.flowRun(Map.of("flow_id", flow));
        String task = given().contentType(ContentType.JSON)
                .body(Map.of("flow_run_id", run, "task_key", "k", "dynamic_key", "0"))
                .post("/api/task_runs/").then().statusCode(201).extract().path("id");
        String url = path.replace("{run}", run).replace("{task}", task).replace("%s", flow);
        String json = body.replace("{run}", run).replace("%s", flow);
        var response = given().contentType(ContentType.JSON).body(json).request(method, url).then().statusCode(422);
        List<Object> loc = response.extract().path("exception_detail[0].loc");
        response.body("exception_detail[0].msg", equalTo("none is not an allowed value"));
        org.junit.jupiter.api.Assertions.assertEquals(field, loc.get(loc.size() - 1), String.valueOf(loc));
    }
}
