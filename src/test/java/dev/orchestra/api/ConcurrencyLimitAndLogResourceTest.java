package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The tag concurrency-limit routes (v1) and the log routes, as Prefect's API tests exercise them. */
@QuarkusTest
class ConcurrencyLimitAndLogResourceTest {

    @Test
    void createReadUpdateResetAndDeleteATagLimit() {
        String tag = "tag-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body(Map.of("tag", tag, "concurrency_limit", 2))
                .when().post("/api/concurrency_limits/")
                .then().statusCode(200).body("tag", equalTo(tag)).body("concurrency_limit", equalTo(2))
                .body("active_slots", equalTo(List.of())).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("tag", tag, "concurrency_limit", 5))
                .when().post("/api/concurrency_limits/")
                .then().statusCode(200).body("id", equalTo(id)).body("concurrency_limit", equalTo(5));
        given().when().get("/api/concurrency_limits/{id}", id).then().statusCode(200).body("tag", equalTo(tag));
        given().when().get("/api/concurrency_limits/tag/{tag}", tag).then().statusCode(200).body("id", equalTo(id));
        String slot = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body(Map.of("slot_override", List.of(slot)))
                .when().post("/api/concurrency_limits/tag/{tag}/reset", tag).then().statusCode(200);
        given().when().get("/api/concurrency_limits/tag/{tag}", tag).then().body("active_slots", equalTo(List.of(slot)));
        given().when().post("/api/concurrency_limits/tag/{tag}/reset", tag).then().statusCode(200);
        given().when().get("/api/concurrency_limits/tag/{tag}", tag).then().body("active_slots", equalTo(List.of()));
        given().contentType(ContentType.JSON).body(Map.of("limit", 200)).when().post("/api/concurrency_limits/filter")
                .then().statusCode(200);
        given().when().delete("/api/concurrency_limits/tag/{tag}", tag).then().statusCode(200);
        given().when().get("/api/concurrency_limits/{id}", id).then().statusCode(404)
                .body("detail", equalTo("Concurrency limit not found"));
        given().when().delete("/api/concurrency_limits/{id}", id).then().statusCode(404);
        given().when().delete("/api/concurrency_limits/tag/{tag}", tag).then().statusCode(404);
        given().when().post("/api/concurrency_limits/tag/{tag}/reset", tag).then().statusCode(404);
    }

    @Test
    void tagLimitRequiresItsFields() {
        given().contentType(ContentType.JSON).body(Map.of("tag", "x"))
                .when().post("/api/concurrency_limits/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "concurrency_limit")));
    }

    @Test
    void createAndFilterLogs() {
        String flowRunId = UUID.randomUUID().toString();
        String taskRunId = UUID.randomUUID().toString();
        List<Map<String, Object>> logs = List.of(
                Map.of("name", "prefect.flow_runs", "level", 20, "message", "hello",
                        "timestamp", "2024-01-01T00:00:01+00:00", "flow_run_id", flowRunId),
                Map.of("name", "prefect.task_runs", "level", 40, "message", "oops",
                        "timestamp", "2024-01-01T00:00:02+00:00", "flow_run_id", flowRunId, "task_run_id", taskRunId));
        given().contentType(ContentType.JSON).body(logs).when().post("/api/logs/")
                .then().statusCode(201).body(equalTo("null"));
        Map<String, Object> byRun = Map.of("logs", Map.of("flow_run_id", Map.of("any_", List.of(flowRunId))));
        given().contentType(ContentType.JSON).body(byRun).when().post("/api/logs/filter")
                .then().statusCode(200).body("message", equalTo(List.of("hello", "oops")))
                .body("[0].task_run_id", nullValue())
                .body("[1].timestamp", equalTo("2024-01-01T00:00:02+00:00"));
        given().contentType(ContentType.JSON).body(Map.of("sort", "TIMESTAMP_DESC", "logs",
                Map.of("flow_run_id", Map.of("any_", List.of(flowRunId)), "level", Map.of("ge_", 30))))
                .when().post("/api/logs/filter")
                .then().statusCode(200).body("message", equalTo(List.of("oops")));
        given().contentType(ContentType.JSON).body(Map.of("logs",
                Map.of("task_run_id", Map.of("any_", List.of(taskRunId)))))
                .when().post("/api/logs/filter").then().statusCode(200).body("level", hasItem(40));
        given().contentType(ContentType.JSON).body(List.of(Map.of("name", "x", "level", 20)))
                .when().post("/api/logs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", 0, "message")));
    }
}
