package dev.orchestra.api;

import static dev.orchestra.api.DeploymentResourceTest.deployment;
import static dev.orchestra.api.DeploymentResourceTest.flow;
import static dev.orchestra.api.WorkPoolResourceTest.post;
import static dev.orchestra.api.WorkPoolResourceTest.unique;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flow-run, task-run, flow and deployment filter routes select by the deployments, work pools and work queues made
 * through their own routes (as far as each route takes those filters in Prefect): two pools, a queue in each, a deployment in each queue, a run (with a task run) of each.
 */
@QuarkusTest
class WorkFiltersTest {

    String flowA;
    String flowB;
    String poolA;
    String poolB;
    String queueA;
    String queueB;
    String deploymentA;
    String deploymentB;
    String runA;
    String runB;
    String taskA;
    String taskB;
    String plainRun;

    @BeforeEach
    void setUp() {
        flowA = flow();
        flowB = flow();
        poolA = unique("pool-a");
        poolB = unique("pool-b");
        WorkPoolResourceTest.createPool(poolA);
        WorkPoolResourceTest.createPool(poolB);
        queueA = post("/api/work_pools/" + poolA + "/queues", Map.of("name", "qa")).statusCode(201).extract()
                .path("id");
        queueB = post("/api/work_pools/" + poolB + "/queues", Map.of("name", "qb")).statusCode(201).extract()
                .path("id");
        deploymentA = deployment(flowA, "dep-a", "work_pool_name", poolA, "work_queue_name", "qa", "tags",
                List.of("ta"));
        deploymentB = deployment(flowB, "dep-b", "work_pool_name", poolB, "work_queue_name", "qb");
        runA = post("/api/deployments/" + deploymentA + "/create_flow_run", Map.of()).statusCode(201).extract()
                .path("id");
        runB = post("/api/deployments/" + deploymentB + "/create_flow_run", Map.of()).statusCode(201).extract()
                .path("id");
        plainRun = post("/api/flow_runs/", Map.of("flow_id", flowA, "deployment_id", deploymentA)).statusCode(201)
                .body("work_queue_name", equalTo(null)).body("work_pool_name", equalTo(null)).extract().path("id");
        taskA = post("/api/task_runs/", Map.of("flow_run_id", runA, "task_key", "t", "dynamic_key", "0"))
                .statusCode(201).extract().path("id");
        taskB = post("/api/task_runs/", Map.of("flow_run_id", runB, "task_key", "t", "dynamic_key", "0"))
                .statusCode(201).extract().path("id");
    }

    Map<String, Object> ofFlows() {
        return Map.of("id", Map.of("any_", List.of(flowA, flowB)));
    }

    static Map<String, Object> named(String name) {
        return Map.of("name", Map.of("any_", List.of(name)));
    }

    @Test
    void flowRunsByWorkPoolQueueAndDeployment() {
        post("/api/flow_runs/filter", Map.of("flows", ofFlows())).statusCode(200)
                .body("id", containsInAnyOrder(runA, runB, plainRun));
        post("/api/flow_runs/filter", Map.of("flows", ofFlows(), "work_pools", named(poolA))).statusCode(200)
                .body("id", equalTo(List.of(runA)))
                .body("[0].work_pool_name", equalTo(poolA)).body("[0].work_queue_name", equalTo("qa"))
                .body("[0].work_queue_id", equalTo(queueA));
        post("/api/flow_runs/filter", Map.of("flows", ofFlows(), "work_pool_queues", Map.of("id",
                Map.of("any_", List.of(queueB))))).body("id", equalTo(List.of(runB)));
        post("/api/flow_runs/filter", Map.of("flows", ofFlows(), "work_pool_queues", named("qa"), "work_pools",
                named(poolB))).body("$", hasSize(0));
        post("/api/flow_runs/filter", Map.of("flows", ofFlows(), "deployments", named("dep-a")))
                .body("id", containsInAnyOrder(runA, plainRun));
        post("/api/flow_runs/filter", Map.of("flows", ofFlows(), "deployments", Map.of("tags", Map.of("all_",
                List.of("ta"))))).body("id", containsInAnyOrder(runA, plainRun));
        post("/api/flow_runs/filter", Map.of("flows", ofFlows(), "flow_runs", Map.of("work_queue_name",
                Map.of("any_", List.of("qb"))))).body("id", equalTo(List.of(runB)));
        post("/api/flow_runs/count", Map.of("flows", ofFlows(), "work_pools", Map.of("type", Map.of("any_",
                List.of("test"))))).statusCode(200).body(equalTo("2"));
    }

    @Test
    void taskRunsByDeploymentAndTheirRunsQueue() {
        post("/api/task_runs/filter", Map.of("flows", ofFlows(), "deployments", Map.of("id", Map.of("any_",
                List.of(deploymentB))))).statusCode(200).body("id", equalTo(List.of(taskB)));
        post("/api/task_runs/filter", Map.of("flows", ofFlows(), "flow_runs", Map.of("work_queue_name",
                Map.of("any_", List.of("qa"))))).body("id", equalTo(List.of(taskA)));
        post("/api/task_runs/count", Map.of("flows", ofFlows(), "deployments", named("dep-a"))).statusCode(200)
                .body(equalTo("1"));
        // Prefect's task-run routes take no work pool or queue filter: the keys are ignored
        post("/api/task_runs/filter", Map.of("flows", ofFlows(), "work_pools", named(poolB))).statusCode(200)
                .body("id", containsInAnyOrder(taskA, taskB));
    }

    @Test
    void flowsAndDeploymentsByWorkPoolAndRuns() {
        post("/api/flows/filter", Map.of("flows", ofFlows(), "work_pools", named(poolA))).statusCode(200)
                .body("id", equalTo(List.of(flowA)));
        post("/api/flows/filter", Map.of("flows", ofFlows(), "deployments", named("dep-b")))
                .body("id", equalTo(List.of(flowB)));
        post("/api/deployments/filter", Map.of("flows", ofFlows(), "work_pools", named(poolB))).statusCode(200)
                .body("id", equalTo(List.of(deploymentB)));
        post("/api/deployments/filter", Map.of("flows", ofFlows(), "flow_runs", Map.of("id", Map.of("any_",
                List.of(runA))))).body("id", equalTo(List.of(deploymentA)));
        post("/api/deployments/filter", Map.of("flows", ofFlows(), "task_runs", Map.of("id", Map.of("any_",
                List.of(taskB))))).body("id", equalTo(List.of(deploymentB)));
        post("/api/deployments/count", Map.of("flows", ofFlows(), "work_pool_queues", named("qa"))).statusCode(200)
                .body(equalTo("1"));
        post("/api/deployments/filter", Map.of("flows", ofFlows(), "deployments", Map.of("work_queue_name",
                Map.of("any_", List.of("qb"))))).body("id", equalTo(List.of(deploymentB)));
    }
}
