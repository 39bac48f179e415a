package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.forceFlowState;
import static dev.orchestra.api.PortFixtures.forceTaskState;
import static dev.orchestra.api.PortFixtures.now;
import static dev.orchestra.api.PortFixtures.statelessFlowRun;
import static dev.orchestra.api.PortFixtures.statelessTaskRun;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Port of Prefect 2.14.21's {@code tests/server/api/test_flow_run_states.py} and {@code test_task_run_states.py},
 * plus the bad input of those routes.
 */
@QuarkusTest
class RunStatesPortTest {

    // ------------------------------------------------------------------ flow run states

    @Test
    void readFlowRunState() {
        String id = statelessFlowRun(flow());
        String stateId = forceFlowState(id, Map.of("type", "RUNNING")).statusCode(201).extract().path("state.id");
        given().get("/api/flow_run_states/{id}", stateId).then().statusCode(200).body("id", equalTo(stateId))
                .body("type", equalTo("RUNNING")).body("name", equalTo("Running"))
                .body("state_details.flow_run_id", equalTo(id));
    }

    @Test
    void readFlowRunStateReturns404IfDoesNotExist() {
        given().get("/api/flow_run_states/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Flow run state not found"));
    }

    /** Prefect's flow_run_states fixture: PENDING, then SCHEDULED and RUNNING forced. */
    @Test
    void readFlowRunStatesByFlowRunId() {
        String id = statelessFlowRun(flow());
        String pending = forceFlowState(id, Map.of("type", "PENDING")).extract().path("state.id");
        String scheduled = forceFlowState(id, Map.of("type", "SCHEDULED", "state_details",
                Map.of("scheduled_time", now().minusSeconds(1).toString()))).extract().path("state.id");
        String running = forceFlowState(id, Map.of("type", "RUNNING")).extract().path("state.id");
        given().queryParam("flow_run_id", id).get("/api/flow_run_states/").then().statusCode(200)
                .body("id", containsInAnyOrder(pending, scheduled, running))
                .body("type", equalTo(List.of("PENDING", "SCHEDULED", "RUNNING")));
        given().queryParam("flow_run_id", UUID.randomUUID()).get("/api/flow_run_states/").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void flowRunStatesBadInput() {
        given().get("/api/flow_run_states/{id}", "nope").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
        given().get("/api/flow_run_states/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("query", "flow_run_id")))
                .body("exception_detail[0].msg", equalTo("field required"))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
        given().queryParam("flow_run_id", "nope").get("/api/flow_run_states/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("query", "flow_run_id")))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
    }

    // ------------------------------------------------------------------ task run states

    @Test
    void readTaskRunState() {
        String id = statelessTaskRun(statelessFlowRun(flow()));
        String stateId = forceTaskState(id, Map.of("type", "RUNNING")).statusCode(201).extract().path("state.id");
        given().get("/api/task_run_states/{id}", stateId).then().statusCode(200).body("id", equalTo(stateId))
                .body("type", equalTo("RUNNING")).body("state_details.task_run_id", equalTo(id));
    }

    /** Prefect's route says "Flow run state not found" for a task run state too. */
    @Test
    void readTaskRunStateReturns404IfDoesNotExist() {
        given().get("/api/task_run_states/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Flow run state not found"));
    }

    @Test
    void readTaskRunStatesByTaskRunId() {
        String id = statelessTaskRun(statelessFlowRun(flow()));
        String pending = forceTaskState(id, Map.of("type", "PENDING")).extract().path("state.id");
        String scheduled = forceTaskState(id, Map.of("type", "SCHEDULED")).extract().path("state.id");
        String running = forceTaskState(id, Map.of("type", "RUNNING")).extract().path("state.id");
        given().queryParam("task_run_id", id).get("/api/task_run_states/").then().statusCode(200)
                .body("id", containsInAnyOrder(pending, scheduled, running));
        given().queryParam("task_run_id", UUID.randomUUID()).get("/api/task_run_states/").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void taskRunStatesBadInput() {
        given().get("/api/task_run_states/{id}", "nope").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")));
        given().get("/api/task_run_states/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("query", "task_run_id")));
        given().queryParam("task_run_id", "nope").get("/api/task_run_states/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("query", "task_run_id")));
    }
}
