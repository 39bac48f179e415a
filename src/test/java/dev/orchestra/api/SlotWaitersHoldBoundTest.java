package dev.orchestra.api;

import static dev.orchestra.api.TaskRunOrchestrationTest.runningFlowRun;
import static dev.orchestra.api.TaskRunOrchestrationTest.setTaskState;
import static dev.orchestra.api.TaskRunOrchestrationTest.taskRun;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A hold ends after the configured bound with a short WAIT; the run keeps its place in the queue. */
@QuarkusTest
@TestProfile(SlotWaitersHoldBoundTest.TwoSeconds.class)
class SlotWaitersHoldBoundTest {

    public static class TwoSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orchestra.task-run-slot-waiters.max-hold-seconds", "2");
        }
    }

    @Test
    void theHoldEndsWithAShortWaitAndThePlaceIsKept() throws Exception {
        String tag = SlotWaitersTest.limit(1);
        String flowRunId = runningFlowRun();
        String holder = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String first = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String second = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(holder, Map.of("type", "RUNNING")).statusCode(201);
        long start = System.nanoTime();
        setTaskState(first, Map.of("type", "RUNNING")).statusCode(200).body("status", equalTo("WAIT"))
                .body("details.delay_seconds", equalTo(1))
                .body("details.reason", equalTo("Concurrency limit for the " + tag + " tag has been reached"));
        double held = (System.nanoTime() - start) / 1e9;
        assertTrue(held >= 1.9 && held < 10, "held " + held + " s");
        CompletableFuture<Response> behind = SlotWaitersTest.proposeRunning(second);
        Thread.sleep(300);
        setTaskState(holder, Map.of("type", "COMPLETED")).statusCode(201);
        // the slot waits for the first waiter, who asks again after its delay
        Response r = behind.get(10, TimeUnit.SECONDS);
        assertEquals("WAIT", r.path("status"), r.asString());
        assertEquals(List.of(), SlotWaitersTest.activeSlots(tag));
        setTaskState(first, Map.of("type", "RUNNING")).statusCode(201).body("status", equalTo("ACCEPT"));
        assertEquals(List.of(first), SlotWaitersTest.activeSlots(tag));
    }
}
