package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel state changes serialise on the run row lock; tag limits are never exceeded and leak no slot. */
@QuarkusTest
class ConcurrentOrchestrationTest {

    /** Runs the calls at once (released together) and returns their results in order. */
    static <T> List<T> inParallel(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    static Response propose(String kind, String id, String type) {
        return given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", type)))
                .post("/api/" + kind + "/{id}/set_state", id);
    }

    static void createLimit(String tag, int limit) {
        given().contentType(ContentType.JSON).body(Map.of("tag", tag, "concurrency_limit", limit))
                .post("/api/concurrency_limits/").then().statusCode(200);
    }

    static List<String> activeSlots(String tag) {
        return given().get("/api/concurrency_limits/tag/{tag}", tag).then().statusCode(200).extract()
                .path("active_slots");
    }

    @Test
    void parallelSetStateOnOneRunProducesAConsistentHistory() throws Exception {
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        String taskRunId = TaskRunOrchestrationTest.taskRun(flowRunId, Map.of());
        int clients = 12;
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            calls.add(() -> propose("task_runs", taskRunId, "RUNNING"));
        }
        Set<String> acceptedStates = new HashSet<>();
        for (Response r : inParallel(calls)) {
            assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.asString());
            if ("ACCEPT".equals(r.path("status"))) {
                assertEquals(201, r.statusCode());
                acceptedStates.add(r.path("state.id"));
            }
        }
        List<String> ids = given().queryParam("task_run_id", taskRunId).get("/api/task_run_states/")
                .then().statusCode(200).extract().path("id");
        List<String> types = given().queryParam("task_run_id", taskRunId).get("/api/task_run_states/")
                .then().extract().path("type");
        // every accepted RUNNING is exactly one state in the history (nothing lost, nothing extra), after PENDING
        assertEquals(acceptedStates.size() + 1, ids.size());
        assertEquals(acceptedStates, new HashSet<>(ids.subList(1, ids.size())));
        assertEquals("PENDING", types.get(0));
        Response run = given().get("/api/task_runs/{id}", taskRunId);
        // each transition saw the run count the previous one wrote
        assertEquals(acceptedStates.size(), (int) run.path("run_count"));
        assertTrue(acceptedStates.contains(run.<String>path("state.id")), "the run points at a state it accepted");
        assertEquals("RUNNING", run.path("state_type"));
    }

    /**
     * Prefect's guard against double submission: of many workers proposing PENDING for one scheduled flow run at
     * once, exactly one gets it; the others see the run already PENDING and are told to abort.
     */
    @Test
    void parallelSubmissionsOfOneFlowRunAdmitExactlyOne() throws Exception {
        String flowRunId = FlowRunResourceTest.flowRun(Map.of("flow_id", FlowRunResourceTest.flow(), "state",
                Map.of("type", "SCHEDULED")));
        int workers = 12;
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            calls.add(() -> propose("flow_runs", flowRunId, "PENDING"));
        }
        int accepted = 0;
        for (Response r : inParallel(calls)) {
            if ("ACCEPT".equals(r.path("status"))) {
                assertEquals(201, r.statusCode());
                accepted++;
            } else {
                assertEquals(200, r.statusCode(), r.asString());
                assertEquals("ABORT", r.path("status"));
                assertEquals("This run is in a PENDING state and cannot transition to a PENDING state.",
                        r.path("details.reason"));
                assertEquals("PENDING", r.path("state.type"));
            }
        }
        assertEquals(1, accepted);
        List<String> types = given().queryParam("flow_run_id", flowRunId).get("/api/flow_run_states/")
                .then().statusCode(200).extract().path("type");
        assertEquals(List.of("SCHEDULED", "PENDING"), types);
    }

    @Test
    void parallelRunsOfOneFlowRunCountEveryAcceptedAttempt() throws Exception {
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        int clients = 10;
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String type = i % 2 == 0 ? "RUNNING" : "PENDING";
            calls.add(() -> propose("flow_runs", flowRunId, type));
        }
        int runningAccepted = 0;
        for (Response r : inParallel(calls)) {
            if ("ACCEPT".equals(r.path("status"))) {
                assertEquals("RUNNING", r.path("state.type"), "a running flow run never goes back to PENDING");
                runningAccepted++;
            } else {
                assertEquals("ABORT", r.path("status"));
            }
        }
        assertEquals(clients / 2, runningAccepted);
        List<String> types = given().queryParam("flow_run_id", flowRunId).get("/api/flow_run_states/")
                .then().extract().path("type");
        assertEquals(1 + 1 + runningAccepted, types.size(), "PENDING, RUNNING, then one state per accepted RUNNING");
        assertEquals(1 + runningAccepted, (int) given().get("/api/flow_runs/{id}", flowRunId).path("run_count"));
    }

    /**
     * Each task polls RUNNING until accepted (WAIT otherwise) and completes. The number of tasks the clients
     * believe running (counted after the ACCEPT arrived, uncounted before COMPLETED is sent) never exceeds the
     * limit, nor does the slot list; at the end no slot is held.
     */
    @Test
    void tasksUnderATagLimitNeverExceedItAndLeaveNoSlotBehind() throws Exception {
        String tag = "parallel-" + UUID.randomUUID();
        createLimit(tag, 2);
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        int tasks = 10;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            ids.add(TaskRunOrchestrationTest.taskRun(flowRunId, Map.of("tags", List.of(tag))));
        }
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger maxSlots = new AtomicInteger();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (String id : ids) {
            calls.add(() -> {
                runUntilAccepted(id);
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                maxSlots.accumulateAndGet(activeSlots(tag).size(), Math::max);
                Thread.sleep(10);
                inFlight.decrementAndGet();
                propose("task_runs", id, "COMPLETED").then().statusCode(201);
                return 1;
            });
        }
        assertEquals(tasks, inParallel(calls).stream().mapToInt(Integer::intValue).sum());
        assertTrue(maxInFlight.get() <= 2, "more than 2 tasks running at once: " + maxInFlight.get());
        assertTrue(maxSlots.get() <= 2, "more than 2 slots held at once: " + maxSlots.get());
        assertEquals(List.of(), activeSlots(tag), "slots left behind");
    }

    /**
     * Tasks on two limited tags (and one without a limit): a task waiting on one full limit takes no slot on the
     * other, so neither limit is ever exceeded and both end empty.
     */
    @Test
    void tasksUnderOverlappingTagLimitsNeverExceedThemAndLeaveNoSlotBehind() throws Exception {
        String suffix = UUID.randomUUID().toString();
        String narrow = "b-narrow-" + suffix;
        String wide = "a-wide-" + suffix;
        String after = "c-after-" + suffix;
        createLimit(narrow, 1);
        createLimit(wide, 3);
        createLimit(after, 2);
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<String> tags = switch (i % 3) {
                case 0 -> List.of(narrow, wide, after);
                case 1 -> List.of(wide, "unlimited-" + suffix);
                default -> List.of(narrow, after);
            };
            ids.add(TaskRunOrchestrationTest.taskRun(flowRunId, Map.of("tags", tags)));
        }
        AtomicInteger maxNarrow = new AtomicInteger();
        AtomicInteger maxWide = new AtomicInteger();
        AtomicInteger maxAfter = new AtomicInteger();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (String id : ids) {
            calls.add(() -> {
                runUntilAccepted(id);
                maxNarrow.accumulateAndGet(activeSlots(narrow).size(), Math::max);
                maxWide.accumulateAndGet(activeSlots(wide).size(), Math::max);
                maxAfter.accumulateAndGet(activeSlots(after).size(), Math::max);
                propose("task_runs", id, "COMPLETED").then().statusCode(201);
                return 1;
            });
        }
        assertEquals(ids.size(), inParallel(calls).stream().mapToInt(Integer::intValue).sum());
        assertTrue(maxNarrow.get() <= 1, "narrow limit exceeded: " + maxNarrow.get());
        assertTrue(maxWide.get() <= 3, "wide limit exceeded: " + maxWide.get());
        assertTrue(maxAfter.get() <= 2, "limit after the narrow one exceeded: " + maxAfter.get());
        assertEquals(List.of(), activeSlots(narrow));
        assertEquals(List.of(), activeSlots(wide));
        assertEquals(List.of(), activeSlots(after));
    }

    /** Proposes RUNNING until accepted; every other answer must be a WAIT for the slot. */
    static void runUntilAccepted(String taskRunId) throws InterruptedException {
        while (true) {
            Response r = propose("task_runs", taskRunId, "RUNNING");
            if ("ACCEPT".equals(r.path("status"))) {
                return;
            }
            assertEquals("WAIT", (String) r.path("status"), r.asString());
            Thread.sleep(20);
        }
    }
}
