package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ports of Prefect's run history tests: buckets, state counts, the interval check. */
@QuarkusTest
class HistoryResourceTest {

    @Test
    void flowRunHistoryBucketsRunsByExpectedStartTime() {
        String flowId = FlowRunResourceTest.flow();
        for (String when : List.of("2031-01-01T00:10:00+00:00", "2031-01-01T00:20:00+00:00",
                "2031-01-01T01:30:00+00:00")) {
            FlowRunResourceTest.flowRun(Map.of("flow_id", flowId, "state",
                    Map.of("type", "SCHEDULED", "state_details", Map.of("scheduled_time", when))));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("history_start", "2031-01-01T00:00:00+00:00");
        body.put("history_end", "2031-01-01T03:00:00+00:00");
        body.put("history_interval_seconds", 3600);
        body.put("flows", Map.of("id", Map.of("any_", List.of(flowId))));
        given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/history")
                .then().statusCode(200)
                .body("$", hasSize(3))
                .body("[0].interval_start", equalTo("2031-01-01T00:00:00+00:00"))
                .body("[0].interval_end", equalTo("2031-01-01T01:00:00+00:00"))
                .body("[0].states", hasSize(1))
                .body("[0].states[0].state_type", equalTo("SCHEDULED"))
                .body("[0].states[0].state_name", equalTo("Scheduled"))
                .body("[0].states[0].count_runs", equalTo(2))
                .body("[1].states[0].count_runs", equalTo(1))
                .body("[2].states", hasSize(0));
        body.put("history_interval_seconds", 0.5);
        given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/history")
                .then().statusCode(422).body("detail", equalTo("History interval must not be less than 1 second."));
        given().contentType(ContentType.JSON).body(Map.of("history_start", "2031-01-01T00:00:00+00:00"))
                .when().post("/api/flow_runs/history").then().statusCode(422);
    }

    @Test
    void graphListsTaskRunsWithTheirUpstreamTaskRuns() {
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        String upstream = TaskRunOrchestrationTest.taskRun(flowRunId, Map.of());
        String downstream = TaskRunOrchestrationTest.taskRun(flowRunId, Map.of("task_inputs", Map.of(
                "x", List.of(Map.of("input_type", "task_run", "id", upstream)),
                "y", List.of(Map.of("input_type", "parameter", "name", "p")))));
        given().when().get("/api/flow_runs/{id}/graph", flowRunId).then().statusCode(200)
                .body("$", hasSize(2))
                .body("find { it.id == '" + downstream + "' }.upstream_dependencies",
                        equalTo(List.of(Map.of("input_type", "task_run", "id", upstream))))
                .body("find { it.id == '" + upstream + "' }.upstream_dependencies", hasSize(0))
                .body("find { it.id == '" + upstream + "' }.state.type", equalTo("PENDING"))
                .body("find { it.id == '" + upstream + "' }.untrackable_result", equalTo(false));
        given().when().get("/api/flow_runs/{id}/graph", java.util.UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void graphV2HasStartedTaskRunsLinkedByTheirInputs() {
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        String upstream = TaskRunOrchestrationTest.taskRun(flowRunId, Map.of());
        TaskRunOrchestrationTest.setTaskState(upstream, Map.of("type", "RUNNING")).statusCode(201);
        TaskRunOrchestrationTest.setTaskState(upstream, Map.of("type", "COMPLETED")).statusCode(201);
        String downstream = TaskRunOrchestrationTest.taskRun(flowRunId, Map.of("task_inputs",
                Map.of("x", List.of(Map.of("input_type", "task_run", "id", upstream)))));
        TaskRunOrchestrationTest.setTaskState(downstream, Map.of("type", "RUNNING")).statusCode(201);
        TaskRunOrchestrationTest.taskRun(flowRunId, Map.of());
        given().when().get("/api/flow_runs/{id}/graph-v2", flowRunId).then().statusCode(200)
                .body("root_node_ids", equalTo(List.of(upstream)))
                .body("nodes", hasSize(2))
                .body("nodes[0][0]", equalTo(upstream))
                .body("nodes[0][1].kind", equalTo("task-run"))
                .body("nodes[0][1].children[0].id", equalTo(downstream))
                .body("nodes[1][1].parents[0].id", equalTo(upstream))
                .body("nodes[1][1].end_time", org.hamcrest.Matchers.nullValue());
        given().when().get("/api/flow_runs/{id}/graph-v2", java.util.UUID.randomUUID()).then().statusCode(404);
        given().queryParam("since", "nope").when().get("/api/flow_runs/{id}/graph-v2", flowRunId)
                .then().statusCode(422);
    }

    @Test
    void taskRunHistory() {
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        TaskRunOrchestrationTest.taskRun(flowRunId, Map.of());
        Map<String, Object> body = new HashMap<>();
        body.put("history_start", "2020-01-01T00:00:00+00:00");
        body.put("history_end", "2040-01-01T00:00:00+00:00");
        body.put("history_interval_seconds", 86400 * 365 * 30);
        body.put("flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId))));
        given().contentType(ContentType.JSON).body(body).when().post("/api/task_runs/history")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].states[0].state_type", equalTo("PENDING"))
                .body("[0].states[0].count_runs", equalTo(1));
    }
}
