package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestra.service.background.CancellationCleanup;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Port of Prefect's tests/server/services/test_cancellation_cleanup.py: task runs and subflow runs of a cancelled
 * flow run, in every state, after one pass of {@code CancellationCleanup}.
 */
@QuarkusTest
class CancellationCleanupPortTest {

    @Inject
    CancellationCleanup service;

    String flowId;
    String deploymentId;

    @BeforeEach
    void setUp() {
        flowId = flow();
        deploymentId = DeploymentSchedulingPortTest.plainDeployment(flowId);
    }

    String cancelledFlowRun(String endedAgo) {
        String id = PortFixtures.flowRun("flow_id", flowId, "state", json("type", "CANCELLED"));
        sql("UPDATE flow_run SET end_time = now() - ?::interval WHERE id = ?", endedAgo, id);
        return id;
    }

    String taskRun(String flowRunId, String type) {
        return PortFixtures.taskRun(flowRunId, "state", json("type", type));
    }

    String subflowRun(String flowRunId, String type, boolean fromDeployment) {
        String virtualTask = taskRun(flowRunId, type);
        Map<String, Object> body = json("flow_id", flowId, "parent_task_run_id", virtualTask, "state",
                json("type", type), "name", unique("subflow"));
        if (fromDeployment) {
            body.put("deployment_id", deploymentId);
        }
        return PortFixtures.postFlowRun(body).statusCode(201).extract().path("id");
    }

    static String flowState(String id) {
        return given().get("/api/flow_runs/{id}", id).then().extract().path("state_type");
    }

    static String taskState(String id) {
        return given().get("/api/task_runs/{id}", id).then().extract().path("state_type");
    }

    void runOnce() {
        service.runOnce().await().atMost(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCHEDULED", "PENDING", "RUNNING", "PAUSED", "CANCELLING"})
    void test_service_cleans_up_nonterminal_runs(String type) {
        String parent = cancelledFlowRun("5 hours");
        String task = taskRun(parent, type);
        String subflow = subflowRun(parent, type, false);
        String subflowFromDeployment = subflowRun(parent, type, true);
        runOnce();
        assertEquals("CANCELLED", flowState(parent));
        assertEquals("CANCELLED", taskState(task));
        assertEquals("CANCELLED", flowState(subflow));
        assertEquals("CANCELLING", flowState(subflowFromDeployment));
        given().get("/api/task_runs/{id}", task).then()
                .body("state.message", org.hamcrest.Matchers.equalTo("The parent flow run was cancelled."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCHEDULED", "PENDING", "RUNNING", "PAUSED", "CANCELLING"})
    void test_service_ignores_old_cancellations(String type) {
        String parent = cancelledFlowRun("100 days");
        String task = taskRun(parent, type);
        String subflow = subflowRun(parent, type, false);
        String subflowFromDeployment = subflowRun(parent, type, true);
        runOnce();
        // tasks are ignored, but subflows will still be cancelled
        assertEquals(type, taskState(task));
        assertEquals("CANCELLED", flowState(subflow));
        assertEquals("CANCELLING", flowState(subflowFromDeployment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})
    void test_service_leaves_terminal_runs_alone(String type) {
        String parent = cancelledFlowRun("5 hours");
        String task = taskRun(parent, type);
        String subflow = subflowRun(parent, type, false);
        String subflowFromDeployment = subflowRun(parent, type, true);
        runOnce();
        assertEquals(type, taskState(task));
        assertEquals(type, flowState(subflow));
        assertEquals(type, flowState(subflowFromDeployment));
    }
}
