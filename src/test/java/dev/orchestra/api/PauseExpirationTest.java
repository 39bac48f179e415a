package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.orchestra.service.background.PauseExpirationService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paused runs whose pause timed out become FAILED; others stay paused. */
@QuarkusTest
class PauseExpirationTest {

    @Inject
    PauseExpirationService service;

    @Test
    void expiredPausesFailAndLivePausesStay() {
        String expired = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow()));
        TaskRunOrchestrationTest.setFlowState(expired, Map.of("type", "RUNNING")).statusCode(201);
        TaskRunOrchestrationTest.setFlowState(expired, Map.of("type", "PAUSED", "state_details",
                Map.of("pause_timeout", "2000-01-01T00:00:00+00:00"))).statusCode(201);
        String live = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow()));
        TaskRunOrchestrationTest.setFlowState(live, Map.of("type", "RUNNING")).statusCode(201);
        TaskRunOrchestrationTest.setFlowState(live, Map.of("type", "PAUSED", "state_details",
                Map.of("pause_timeout", "2100-01-01T00:00:00+00:00"))).statusCode(201);
        // the service's own loop (every 5 s) may fail the expired run first: the states below are the check
        service.runOnce().await().atMost(Duration.ofSeconds(30));
        given().get("/api/flow_runs/{id}", expired).then().body("state_type", equalTo("FAILED"))
                .body("state.message", equalTo("The flow was paused and never resumed."));
        given().get("/api/flow_runs/{id}", live).then().body("state_type", equalTo("PAUSED"));
    }
}
