package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Task runs through the API and the core task policy, as the real client drives them (the scenarios of
 * the recorded client traces: dependencies, retries, caching, tag concurrency limits).
 */
@QuarkusTest
class TaskRunOrchestrationTest {

    static String runningFlowRun() {
        String flowId = FlowRunResourceTest.flow();
        String id = FlowRunResourceTest.flowRun(Map.of("flow_id", flowId));
        setFlowState(id, Map.of("type", "RUNNING")).statusCode(201);
        return id;
    }

    static ValidatableResponse setFlowState(String id, Map<String, Object> state) {
        return given().contentType(ContentType.JSON).body(Map.of("state", state, "force", false))
                .when().post("/api/flow_runs/{id}/set_state", id).then();
    }

    static ValidatableResponse setTaskState(String id, Map<String, Object> state) {
        return given().contentType(ContentType.JSON).body(Map.of("state", state, "force", false))
                .when().post("/api/task_runs/{id}/set_state", id).then();
    }

    static String taskRun(String flowRunId, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("flow_run_id", flowRunId, "task_key", "k-" + UUID.randomUUID(),
                "dynamic_key", "0", "name", "task-0"));
        body.putAll(extra);
        return given().contentType(ContentType.JSON).body(body).when().post("/api/task_runs/")
                .then().statusCode(201).body("state.type", equalTo("PENDING"))
                .body("state.state_details.task_run_id", notNullValue()).extract().path("id");
    }

    @Test
    void taskRunLifecycleCountsRunsAndTracksTheFlowRun() {
        String flowRunId = runningFlowRun();
        String id = taskRun(flowRunId, Map.of());
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(201).body("status", equalTo("ACCEPT"))
                .body("state.state_details.flow_run_id", equalTo(flowRunId));
        given().when().get("/api/task_runs/{id}", id).then().statusCode(200)
                .body("run_count", equalTo(1)).body("flow_run_run_count", equalTo(1))
                .body("state_type", equalTo("RUNNING"));
        setTaskState(id, Map.of("type", "COMPLETED")).statusCode(201);
        given().when().get("/api/task_runs/{id}", id).then().body("end_time", notNullValue());
    }

    @Test
    void createTaskRunIsIdempotentOnKeys() {
        String flowRunId = runningFlowRun();
        Map<String, Object> body = Map.of("flow_run_id", flowRunId, "task_key", "same", "dynamic_key", "1");
        String id = given().contentType(ContentType.JSON).body(body).when().post("/api/task_runs/")
                .then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(body).when().post("/api/task_runs/")
                .then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void failedTaskWithRetriesIsRejectedIntoAwaitingRetryThenRetries() {
        String flowRunId = runningFlowRun();
        String id = taskRun(flowRunId, Map.of("empirical_policy", Map.of("retries", 2, "retry_delay", 0)));
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(id, Map.of("type", "FAILED", "message", "boom")).statusCode(201)
                .body("status", equalTo("REJECT")).body("details.reason", equalTo("Retrying"))
                .body("state.type", equalTo("SCHEDULED")).body("state.name", equalTo("AwaitingRetry"))
                .body("state.message", equalTo("boom"));
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(201)
                .body("status", equalTo("ACCEPT")).body("state.name", equalTo("Retrying"));
        setTaskState(id, Map.of("type", "FAILED")).statusCode(201).body("state.name", equalTo("AwaitingRetry"));
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(id, Map.of("type", "FAILED")).statusCode(201).body("status", equalTo("ACCEPT"))
                .body("state.type", equalTo("FAILED"));
        given().when().get("/api/task_runs/{id}", id).then().body("run_count", equalTo(3));
    }

    @Test
    void awaitingRetryInTheFutureMakesRunningWait() {
        String flowRunId = runningFlowRun();
        String id = taskRun(flowRunId, Map.of("empirical_policy", Map.of("retries", 1, "retry_delay", 60)));
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(id, Map.of("type", "FAILED")).statusCode(201).body("state.name", equalTo("AwaitingRetry"));
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(200)
                .body("status", equalTo("WAIT")).body("details.type", equalTo("wait_details"))
                .body("details.delay_seconds", equalTo(60)).body("state.name", equalTo("AwaitingRetry"));
    }

    @Test
    void zeroLimitAborts() {
        String tag = "zero-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("tag", tag, "concurrency_limit", 0))
                .when().post("/api/concurrency_limits/").then().statusCode(200);
        String id = taskRun(runningFlowRun(), Map.of("tags", List.of(tag)));
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(200).body("status", equalTo("ABORT"))
                .body("details.type", equalTo("abort_details"));
    }

    @Test
    void secondTaskWithTheSameCacheKeyIsRejectedIntoCached() {
        String flowRunId = runningFlowRun();
        String key = "cache-" + UUID.randomUUID();
        String first = taskRun(flowRunId, Map.of("cache_key", key));
        setTaskState(first, Map.of("type", "RUNNING", "state_details", Map.of("cache_key", key))).statusCode(201);
        setTaskState(first, Map.of("type", "COMPLETED", "state_details", Map.of("cache_key", key),
                "data", Map.of("type", "reference", "storage_key", "abc"))).statusCode(201);
        String second = taskRun(flowRunId, Map.of("cache_key", key));
        setTaskState(second, Map.of("type", "RUNNING", "state_details", Map.of("cache_key", key))).statusCode(201)
                .body("status", equalTo("REJECT")).body("state.type", equalTo("COMPLETED"))
                .body("state.name", equalTo("Cached")).body("state.data.storage_key", equalTo("abc"))
                .body("details.reason", equalTo("Retrieved state from cache"));
        String refresh = taskRun(flowRunId, Map.of("cache_key", key));
        setTaskState(refresh, Map.of("type", "RUNNING", "state_details", Map.of("cache_key", key,
                "refresh_cache", true))).statusCode(201).body("status", equalTo("ACCEPT"));
    }

    @Test
    void tasksCannotRunUnlessTheirFlowRunIsRunning() {
        String flowRunId = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow()));
        String id = taskRun(flowRunId, Map.of());
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(200).body("status", equalTo("ABORT"))
                .body("details.reason", equalTo("The enclosing flow must be running to begin task execution."));
    }

    @Test
    void completedTaskWithPersistedResultStaysCompleted() {
        String id = taskRun(runningFlowRun(), Map.of());
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(id, Map.of("type", "COMPLETED", "data", Map.of("type", "reference"))).statusCode(201);
        setTaskState(id, Map.of("type", "RUNNING")).statusCode(200).body("status", equalTo("REJECT"))
                .body("state.type", equalTo("COMPLETED"));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "RUNNING"), "force", true))
                .when().post("/api/task_runs/{id}/set_state", id).then().statusCode(201)
                .body("status", equalTo("ACCEPT"));
    }

    @Test
    void readFilterUpdateAndDeleteTaskRuns() {
        String flowRunId = runningFlowRun();
        String id = taskRun(flowRunId, Map.of("tags", List.of("x")));
        given().contentType(ContentType.JSON).body(Map.of("name", "renamed")).when().patch("/api/task_runs/{id}", id)
                .then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId)))))
                .when().post("/api/task_runs/filter").then().statusCode(200).body("name", equalTo(List.of("renamed")));
        given().contentType(ContentType.JSON).body(Map.of("flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId)))))
                .when().post("/api/task_runs/count").then().statusCode(200).body(equalTo("1"));
        given().queryParam("task_run_id", id).when().get("/api/task_run_states/").then().statusCode(200)
                .body("type", equalTo(List.of("PENDING")));
        given().when().delete("/api/task_runs/{id}", id).then().statusCode(204);
        given().when().get("/api/task_runs/{id}", id).then().statusCode(404).body("detail", equalTo("Task not found"));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "RUNNING")))
                .when().post("/api/task_runs/{id}/set_state", id).then().statusCode(404)
                .body("exception_message", equalTo("Task run with id " + id + " not found"));
        given().when().get("/api/task_runs/{id}", "bad").then().statusCode(422);
        given().when().get("/api/task_run_states/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Flow run state not found"));
        given().when().get("/api/flow_run_states/").then().statusCode(422);
    }

    @Test
    void flowRunRetriesThroughAwaitingRetry() {
        String flowId = FlowRunResourceTest.flow();
        String id = FlowRunResourceTest.flowRun(Map.of("flow_id", flowId, "empirical_policy",
                Map.of("retries", 1, "retry_delay", 0)));
        setFlowState(id, Map.of("type", "RUNNING")).statusCode(201);
        setFlowState(id, Map.of("type", "FAILED")).statusCode(201).body("status", equalTo("REJECT"))
                .body("state.name", equalTo("AwaitingRetry"));
        setFlowState(id, Map.of("type", "RUNNING")).statusCode(201).body("status", equalTo("ACCEPT"));
        setFlowState(id, Map.of("type", "FAILED")).statusCode(201).body("state.type", equalTo("FAILED"));
        given().when().get("/api/flow_runs/{id}", id).then().body("run_count", equalTo(2));
        setFlowState(id, Map.of("type", "PENDING")).statusCode(201).body("status", equalTo("ACCEPT"));
        setFlowState(id, Map.of("type", "PENDING")).statusCode(200).body("status", equalTo("ABORT"));
    }

    /** Clients before API 0.8.3 leave the rerun of a retried flow's failed task runs to the server. */
    @Test
    void flowRunRetryOfAnOldClientReschedulesItsFailedTaskRuns() {
        String id = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow(), "empirical_policy",
                Map.of("retries", 1, "retry_delay", 0)));
        setFlowState(id, Map.of("type", "RUNNING")).statusCode(201);
        String failed = taskRun(id, Map.of());
        setTaskState(failed, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(failed, Map.of("type", "FAILED")).statusCode(201).body("state.type", equalTo("FAILED"));
        String completed = taskRun(id, Map.of());
        setTaskState(completed, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(completed, Map.of("type", "COMPLETED")).statusCode(201);

        given().contentType(ContentType.JSON).header("X-PREFECT-API-VERSION", "0.8.2")
                .body(Map.of("state", Map.of("type", "FAILED"))).post("/api/flow_runs/{id}/set_state", id)
                .then().statusCode(201).body("status", equalTo("REJECT")).body("state.name", equalTo("AwaitingRetry"));
        given().when().get("/api/task_runs/{id}", failed).then()
                .body("state.type", equalTo("SCHEDULED")).body("state.name", equalTo("AwaitingRetry"))
                .body("run_count", equalTo(0));
        given().when().get("/api/task_runs/{id}", completed).then().body("state.type", equalTo("COMPLETED"))
                .body("run_count", equalTo(1));
    }

    @Test
    void duplicateTransitionIdIsRejectedAndPendingCannotRepeat() {
        String id = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow()));
        setFlowState(id, Map.of("type", "PENDING")).statusCode(200).body("status", equalTo("ABORT"))
                .body("state.type", equalTo("PENDING"));
        String transition = UUID.randomUUID().toString();
        setFlowState(id, Map.of("type", "RUNNING", "state_details", Map.of("transition_id", transition)))
                .statusCode(201);
        setFlowState(id, Map.of("type", "RUNNING", "state_details", Map.of("transition_id", transition)))
                .statusCode(200).body("status", equalTo("REJECT")).body("state.type", equalTo("RUNNING"));
    }

    @Test
    void pauseAndResume() {
        String id = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow()));
        setFlowState(id, Map.of("type", "PAUSED")).statusCode(200).body("status", equalTo("REJECT"));
        setFlowState(id, Map.of("type", "RUNNING")).statusCode(201);
        setFlowState(id, Map.of("type", "PAUSED", "state_details", Map.of("pause_key", "p1"))).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        given().when().get("/api/flow_runs/{id}", id).then().body("empirical_policy.pause_keys", equalTo(List.of("p1")))
                .body("empirical_policy.resuming", equalTo(false));
        // as in Prefect, a rejected attempt to leave the pause still marks the run as resuming
        setFlowState(id, Map.of("type", "PENDING")).statusCode(200).body("status", equalTo("REJECT"))
                .body("state.type", equalTo("PAUSED"));
        given().when().get("/api/flow_runs/{id}", id).then().body("empirical_policy.resuming", equalTo(true));
        setFlowState(id, Map.of("type", "RUNNING")).statusCode(201).body("status", equalTo("ACCEPT"));
        // as in Prefect: the run was marked resuming, so the resumed RUNNING does not count, and clears the mark;
        // leaving the pause marks it resuming again
        given().when().get("/api/flow_runs/{id}", id).then().body("run_count", equalTo(1))
                .body("empirical_policy.resuming", equalTo(true));
        setFlowState(id, Map.of("type", "PAUSED", "state_details", Map.of("pause_key", "p1"))).statusCode(200)
                .body("status", equalTo("REJECT")).body("details.reason", equalTo("This pause has already fired."));
        setFlowState(id, Map.of("type", "COMPLETED")).statusCode(201);
        given().when().get("/api/flow_runs/{id}", id).then().body("state.data", nullValue());
    }
}
