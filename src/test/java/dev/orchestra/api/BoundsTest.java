package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.flowRun;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.taskRun;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 11's bounds: statement timeout, readiness under a busy pool, bounded history, no deadlock, no leak. */
@QuarkusTest
class BoundsTest {

    @Inject
    Pool pool;

    @TestHTTPResource("/api")
    URI api;

    @Test
    void everyPooledConnectionHasTheStatementTimeout() {
        String timeout = pool.query("SHOW statement_timeout").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
        assertEquals("10s", timeout);
    }

    @Test
    void everyPooledConnectionHasJitOff() {
        assertEquals("off", pool.query("SHOW jit").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0));
    }

    /**
     * Every pooled connection sleeps for 6 s: a check that queued for one would answer after them. The probe's
     * own limit is 800 ms; the bound asserted here leaves room for a machine under heavy load (it answers in a
     * few milliseconds on a quiet one).
     */
    @Test
    void readinessAnswersWhileEveryPooledConnectionIsBusy() {
        List<CompletableFuture<?>> busy = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            busy.add(pool.query("SELECT pg_sleep(6)").execute().subscribeAsCompletionStage());
        }
        try {
            Thread.sleep(500);
            long started = System.nanoTime();
            given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 4000, "ready answered in " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            CompletableFuture.allOf(busy.toArray(CompletableFuture[]::new)).join();
        }
    }

    /** Before, this statement built 63 billion intervals and never finished; now it ends within its timeout. */
    @Test
    void historyOverAHugeRangeAnswersItsFirst500Intervals() {
        for (String route : List.of("/api/task_runs/history", "/api/flow_runs/history")) {
            given().contentType(ContentType.JSON).body(json("history_start", "0001-01-01T00:00:00Z",
                    "history_end", "2024-01-01T00:00:00Z", "history_interval_seconds", 1))
                    .when().post(route).then().statusCode(200).body("$", hasSize(500))
                    .body("[499].interval_start", equalTo("0001-01-01T00:08:19+00:00"));
        }
    }

    @Test
    void parallelQueueCreationInOnePoolNeverAnswers5xx() throws Exception {
        String pool = unique("pool");
        given().contentType(ContentType.JSON).body(json("name", pool)).when().post("/api/work_pools/")
                .then().statusCode(201);
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 16; i++) {
                String body = "{\"name\": \"q-" + round + "-" + i + "\", \"priority\": " + (1 + i % 3) + "}";
                answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(api + "/work_pools/" + pool + "/queues"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertEquals(201, response.statusCode(), response.body());
            }
            answers.clear();
        }
        List<Integer> priorities = given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/work_pools/{name}/queues/filter", pool).then().statusCode(200)
                .extract().path("priority");
        assertEquals(49, priorities.size());
        assertEquals(49, priorities.stream().distinct().count(), "priorities stay unique: " + priorities);
    }

    static String runningTaskOnTag(String flowRunId, String tag) {
        String task = taskRun(flowRunId, "tags", List.of(tag));
        PortFixtures.setTaskState(task, json("type", "RUNNING")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        given().when().get("/api/concurrency_limits/tag/{tag}", tag).then()
                .body("active_slots", equalTo(List.of(task)));
        return task;
    }

    @Test
    void deletingARunningTaskRunOrItsFlowRunFreesItsSlot() {
        String tag = unique("tag");
        given().contentType(ContentType.JSON).body(json("tag", tag, "concurrency_limit", 1))
                .when().post("/api/concurrency_limits/").then().statusCode(200);
        String flowRun = flowRun("flow_id", flow());
        PortFixtures.setFlowState(flowRun, json("type", "RUNNING")).statusCode(201);

        String task = runningTaskOnTag(flowRun, tag);
        given().when().delete("/api/task_runs/{id}", task).then().statusCode(204);
        given().when().get("/api/concurrency_limits/tag/{tag}", tag).then().body("active_slots", equalTo(List.of()));

        runningTaskOnTag(flowRun, tag);
        given().when().delete("/api/flow_runs/{id}", flowRun).then().statusCode(204);
        given().when().get("/api/concurrency_limits/tag/{tag}", tag).then().body("active_slots", equalTo(List.of()));

        String other = flowRun("flow_id", flow());
        PortFixtures.setFlowState(other, json("type", "RUNNING")).statusCode(201);
        runningTaskOnTag(other, tag);
    }
}
