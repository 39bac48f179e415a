package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prefect's {@code test_reading_graph_for_flow_run_with_linked_tasks_too_many_nodes} and
 * {@code test_api_response_with_too_many_nodes}: with the node limit at 4 (PREFECT_API_MAX_FLOW_RUN_GRAPH_NODES),
 * the six-node graph is a 400.
 */
@QuarkusTest
@TestProfile(FlowRunGraphV2LimitPortTest.FourNodes.class)
class FlowRunGraphV2LimitPortTest {

    public static class FourNodes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orchestra.api.max-flow-run-graph-nodes", "4");
        }
    }

    @Test
    void readingGraphForFlowRunWithLinkedTasksTooManyNodes() {
        OffsetDateTime base = FlowRunGraphV2PortTest.baseTime();
        FlowRunGraphV2PortTest.Run run = FlowRunGraphV2PortTest.flowRun(base, base);
        List<String> tasks = FlowRunGraphV2PortTest.linkedTasks(run.id(), base);
        given().get("/api/flow_runs/{id}/graph-v2", run.id()).then().statusCode(400)
                .body("detail", equalTo("The graph of flow run " + run.id() + " has more than 4 nodes."));
        // four nodes fit: the last four, incrementally
        given().queryParam("since", base.plusMinutes(1).plusSeconds(1).plusNanos(1_000_000).toString())
                .get("/api/flow_runs/{id}/graph-v2", run.id()).then().statusCode(200)
                .body("root_node_ids", equalTo(tasks.subList(2, 4)));
    }
}
