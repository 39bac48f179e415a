package dev.orchestra.api;

import static dev.orchestra.api.TaskRunOrchestrationTest.runningFlowRun;
import static dev.orchestra.api.TaskRunOrchestrationTest.setTaskState;
import static dev.orchestra.api.TaskRunOrchestrationTest.taskRun;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slot waiters turned off: Prefect's answer, a WAIT with the configured delay (30 s) at once, and no queue. */
@QuarkusTest
@TestProfile(SlotWaitersOffTest.Off.class)
class SlotWaitersOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("orchestra.task-run-slot-waiters.enabled", "false");
        }
    }

    @Test
    void fullTagLimitMakesTheSecondTaskWaitAndSlotsAreReleased() {
        String tag = SlotWaitersTest.limit(1);
        String flowRunId = runningFlowRun();
        String first = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String second = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(first, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(second, Map.of("type", "RUNNING")).statusCode(200).body("status", equalTo("WAIT"))
                .body("details.delay_seconds", equalTo(30))
                .body("details.reason", equalTo("Concurrency limit for the " + tag + " tag has been reached"))
                .body("state.type", equalTo("PENDING"));
        setTaskState(first, Map.of("type", "COMPLETED")).statusCode(201);
        assertEquals(List.of(), SlotWaitersTest.activeSlots(tag));
        setTaskState(second, Map.of("type", "RUNNING")).statusCode(201).body("status", equalTo("ACCEPT"));
        setTaskState(second, Map.of("type", "COMPLETED")).statusCode(201);
        assertEquals(List.of(), SlotWaitersTest.activeSlots(tag));
    }
}
