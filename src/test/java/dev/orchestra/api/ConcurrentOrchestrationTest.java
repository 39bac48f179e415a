package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel state changes serialise on the run row lock; tag limits are never exceeded and leak no slot. */
@QuarkusTest
class ConcurrentOrchestrationTest {

    @Test
    void parallelSetStateOnOneRunProducesAConsistentHistory() throws Exception {
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        String taskRunId = TaskRunOrchestrationTest.taskRun(flowRunId, Map.of());
        int clients = 12;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(pool.submit(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("state", Map.of("type", "RUNNING"))).post("/api/task_runs/{id}/set_state", taskRunId)));
        }
        int accepted = 0;
        for (Future<Response> answer : answers) {
            Response r = answer.get();
            assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.asString());
            if ("ACCEPT".equals(r.path("status"))) {
                accepted++;
            }
        }
        pool.shutdown();
        List<String> types = given().queryParam("task_run_id", taskRunId).get("/api/task_run_states/")
                .then().statusCode(200).extract().path("type");
        // every accepted RUNNING is one state in the history, written one after another
        assertEquals(accepted + 1, types.size());
        int runCount = given().get("/api/task_runs/{id}", taskRunId).then().extract().path("run_count");
        assertEquals(accepted, runCount);
    }

    @Test
    void tasksUnderATagLimitNeverExceedItAndLeaveNoSlotBehind() throws Exception {
        String tag = "parallel-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("tag", tag, "concurrency_limit", 2))
                .post("/api/concurrency_limits/").then().statusCode(200);
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        int tasks = 10;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            ids.add(TaskRunOrchestrationTest.taskRun(flowRunId, Map.of("tags", List.of(tag))));
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        List<Future<?>> done = new ArrayList<>();
        for (String id : ids) {
            done.add(pool.submit(() -> {
                while (true) {
                    Response r = given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "RUNNING")))
                            .post("/api/task_runs/{id}/set_state", id);
                    if ("ACCEPT".equals(r.path("status"))) {
                        break;
                    }
                    assertEquals("WAIT", (String) r.path("status"));
                    Thread.sleep(20);
                }
                List<String> slots = given().get("/api/concurrency_limits/tag/{tag}", tag).then().extract()
                        .path("active_slots");
                maxRunning.accumulateAndGet(slots.size(), Math::max);
                running.incrementAndGet();
                given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "COMPLETED")))
                        .post("/api/task_runs/{id}/set_state", id).then().statusCode(201);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(tasks, running.get());
        assertTrue(maxRunning.get() <= 2, "more than 2 slots held at once: " + maxRunning.get());
        List<String> left = given().get("/api/concurrency_limits/tag/{tag}", tag).then().extract().path("active_slots");
        assertTrue(left.isEmpty(), "slots left behind: " + left);
    }
}
