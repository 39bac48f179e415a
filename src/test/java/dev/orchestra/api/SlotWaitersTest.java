package dev.orchestra.api;

import static dev.orchestra.api.TaskRunOrchestrationTest.runningFlowRun;
import static dev.orchestra.api.TaskRunOrchestrationTest.setTaskState;
import static dev.orchestra.api.TaskRunOrchestrationTest.taskRun;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.persistence.SlotQueues;
import dev.orchestra.service.SlotWaiters;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slot waiters (beyond Prefect): a task run refused a tag concurrency slot has its set_state answer held and is
 * admitted as soon as a slot frees, in arrival order per tag; whatever frees the slot, on whichever instance.
 */
@QuarkusTest
class SlotWaitersTest {

    @Inject
    Pool pool;

    @Inject
    SlotWaiters waiters;

    @BeforeEach
    void listening() {
        waitUntil(Duration.ofSeconds(10), waiters::listening, "the release channel is listened to");
    }

    static String limit(int slots) {
        return limit("waiters-", slots);
    }

    static String limit(String prefix, int slots) {
        String tag = prefix + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("tag", tag, "concurrency_limit", slots))
                .post("/api/concurrency_limits/").then().statusCode(200);
        return tag;
    }

    /** Proposes RUNNING in the background: the answer arrives when the server lets it go. */
    static CompletableFuture<Response> proposeRunning(String taskRunId) {
        return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body(Map.of("state", Map.of("type", "RUNNING"))).post("/api/task_runs/{id}/set_state", taskRunId));
    }

    /** The task runs in the tag's queue, oldest first. */
    List<UUID> queue(String tag) {
        List<UUID> out = new ArrayList<>();
        pool.preparedQuery("SELECT task_run_id FROM concurrency_slot_waiter WHERE tag = $1 ORDER BY seq")
                .execute(Tuple.of(tag)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> out.add(row.getUUID("task_run_id")));
        return out;
    }

    static List<String> activeSlots(String tag) {
        return given().get("/api/concurrency_limits/tag/{tag}", tag).then().statusCode(200).extract()
                .path("active_slots");
    }

    static void waitUntil(Duration atMost, BooleanSupplier condition, String what) {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A held answer, after the release: admitted, within about a second. */
    static Response admittedSoon(CompletableFuture<Response> held) throws Exception {
        Response r = held.get(3, TimeUnit.SECONDS);
        assertEquals(201, r.statusCode(), r.asString());
        assertEquals("ACCEPT", r.path("status"));
        assertEquals("RUNNING", r.path("state.type"));
        return r;
    }

    @Test
    void theSecondTaskIsAdmittedWithinASecondOfTheFirstCompleting() throws Exception {
        String tag = limit(1);
        String flowRunId = runningFlowRun();
        String first = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String second = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(first, Map.of("type", "RUNNING")).statusCode(201);
        CompletableFuture<Response> held = proposeRunning(second);
        waitUntil(Duration.ofSeconds(10), () -> queue(tag).equals(List.of(UUID.fromString(second))), "it queues");
        Thread.sleep(300);
        assertFalse(held.isDone(), "the answer is held while the limit is full");
        assertEquals(List.of(first), activeSlots(tag));
        long released = System.nanoTime();
        setTaskState(first, Map.of("type", "COMPLETED")).statusCode(201);
        admittedSoon(held);
        double seconds = (System.nanoTime() - released) / 1e9;
        assertTrue(seconds < 1.5, "admitted " + seconds + " s after the release");
        assertEquals(List.of(second), activeSlots(tag));
        assertEquals(List.of(), queue(tag), "the admitted run left the queue");
        setTaskState(second, Map.of("type", "COMPLETED")).statusCode(201);
        assertEquals(List.of(), activeSlots(tag));
    }

    @Test
    void waitersAreAdmittedInArrivalOrder() throws Exception {
        String tag = limit(1);
        String flowRunId = runningFlowRun();
        String holder = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(holder, Map.of("type", "RUNNING")).statusCode(201);
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<Response>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = taskRun(flowRunId, Map.of("tags", List.of(tag)));
            ids.add(id);
            held.add(proposeRunning(id));
            int queued = i + 1;
            waitUntil(Duration.ofSeconds(10), () -> queue(tag).size() == queued, "waiter " + queued + " queues");
        }
        assertEquals(ids.stream().map(UUID::fromString).toList(), queue(tag));
        String running = holder;
        for (int i = 0; i < 3; i++) {
            setTaskState(running, Map.of("type", "COMPLETED")).statusCode(201);
            admittedSoon(held.get(i));
            for (int later = i + 1; later < 3; later++) {
                assertFalse(held.get(later).isDone(), "waiter " + later + " goes after waiter " + i);
            }
            running = ids.get(i);
            assertEquals(List.of(running), activeSlots(tag));
        }
        // a newcomer while the queue is empty goes straight in once the slot is free
        setTaskState(running, Map.of("type", "COMPLETED")).statusCode(201);
        String newcomer = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(newcomer, Map.of("type", "RUNNING")).statusCode(201).body("status", equalTo("ACCEPT"));
    }

    @Test
    void aWaiterWhoseClientGoesAwayLeavesItsPlaceAndReleasesNothing() throws Exception {
        String tag = limit(1);
        String flowRunId = runningFlowRun();
        String holder = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String gone = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String next = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(holder, Map.of("type", "RUNNING")).statusCode(201);
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            String body = "{\"state\": {\"type\": \"RUNNING\"}}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/task_runs/" + gone + "/set_state HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            waitUntil(Duration.ofSeconds(10), () -> queue(tag).equals(List.of(UUID.fromString(gone))), "it queues");
            CompletableFuture<Response> behind = proposeRunning(next);
            waitUntil(Duration.ofSeconds(10), () -> queue(tag).size() == 2, "the next waiter queues behind");
        }
        waitUntil(Duration.ofSeconds(5), () -> queue(tag).equals(List.of(UUID.fromString(next))),
                "the departed waiter's place is gone");
        assertEquals(List.of(holder), activeSlots(tag), "the holder keeps its slot");
        given().get("/api/task_runs/{id}", gone).then().body("state.type", equalTo("PENDING"));
        // the next waiter is not stuck behind the departed one
        CompletableFuture<Response> behind = proposeRunning(next);
        setTaskState(holder, Map.of("type", "COMPLETED")).statusCode(201);
        admittedSoon(behind);
        assertEquals(List.of(next), activeSlots(tag));
    }

    /**
     * Another instance on the same database is seen only through it: its waiters' places (rows in the queue) come
     * first, and its releases (any statement freeing a slot, notified by the database's trigger) wake this one.
     */
    @Test
    void placesAndReleasesOfAnotherInstanceOnTheDatabaseCount() throws Exception {
        String tag = limit(1);
        String flowRunId = runningFlowRun();
        String holder = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String elsewhere = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String here = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(holder, Map.of("type", "RUNNING")).statusCode(201);
        // the other instance's waiter arrived first
        OffsetDateTime now = OffsetDateTime.now();
        pool.preparedQuery("INSERT INTO concurrency_slot_waiter (tag, task_run_id, seq, created, expires)"
                + " VALUES ($1, $2, nextval('concurrency_slot_waiter_seq'), $3, $4)").execute(Tuple.of(tag, UUID.fromString(elsewhere), now,
                        now.plusMinutes(1))).await().atMost(Duration.ofSeconds(10));
        CompletableFuture<Response> held = proposeRunning(here);
        waitUntil(Duration.ofSeconds(10), () -> queue(tag).size() == 2, "it queues behind the other instance's");
        // the other instance releases the slot with a statement of its own: its waiter is first in line
        pool.preparedQuery("UPDATE concurrency_limit SET active_slots = '[]' WHERE tag = $1").execute(Tuple.of(tag))
                .await().atMost(Duration.ofSeconds(10));
        Thread.sleep(1000);
        assertFalse(held.isDone(), "the free slot is the other instance's waiter's");
        // which takes it: this instance's waiter stays held until that one is done with it
        pool.withTransaction(conn -> conn.preparedQuery("UPDATE concurrency_limit SET active_slots = $2::text::jsonb"
                + " WHERE tag = $1").execute(Tuple.of(tag, "[\"" + elsewhere + "\"]"))
                .chain(() -> SlotQueues.leave(conn, UUID.fromString(elsewhere), false)))
                .await().atMost(Duration.ofSeconds(10));
        Thread.sleep(500);
        assertFalse(held.isDone());
        pool.preparedQuery("UPDATE concurrency_limit SET active_slots = '[]' WHERE tag = $1").execute(Tuple.of(tag))
                .await().atMost(Duration.ofSeconds(10));
        admittedSoon(held);
        assertEquals(List.of(here), activeSlots(tag));
    }

    @Test
    void deletingTheLimitLetsTheWaitersGo() throws Exception {
        String tag = limit(1);
        String flowRunId = runningFlowRun();
        String holder = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        String waiter = taskRun(flowRunId, Map.of("tags", List.of(tag)));
        setTaskState(holder, Map.of("type", "RUNNING")).statusCode(201);
        CompletableFuture<Response> held = proposeRunning(waiter);
        waitUntil(Duration.ofSeconds(10), () -> queue(tag).size() == 1, "it queues");
        given().delete("/api/concurrency_limits/tag/{tag}", tag).then().statusCode(200);
        admittedSoon(held);
    }

    @Test
    void aWaitingRunKeepsNoSlotOnItsOtherTags() throws Exception {
        // Prefect 2.14.21 would keep the slot it takes on the tag after the full one, in tag order
        String full = limit("a-full-", 1);
        String roomy = limit("b-roomy-", 5);
        String flowRunId = runningFlowRun();
        String holder = taskRun(flowRunId, Map.of("tags", List.of(full)));
        setTaskState(holder, Map.of("type", "RUNNING")).statusCode(201);
        String waiter = taskRun(flowRunId, Map.of("tags", List.of(roomy, full)));
        CompletableFuture<Response> held = proposeRunning(waiter);
        waitUntil(Duration.ofSeconds(10), () -> queue(full).size() == 1, "it queues");
        assertEquals(List.of(), activeSlots(roomy));
        assertEquals(List.of(), queue(roomy), "it queues only where the limit is full");
        setTaskState(holder, Map.of("type", "COMPLETED")).statusCode(201);
        admittedSoon(held);
        assertEquals(List.of(waiter), activeSlots(roomy));
        assertEquals(List.of(waiter), activeSlots(full));
    }
}
