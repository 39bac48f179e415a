package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm-up, with API authentication on: it runs its requests through the server for its time while both
 * readiness probes answer 503, and nothing it wrote stays (no flow, no run) or is counted in the orchestration
 * metrics.
 */
@QuarkusTest
@TestProfile(WarmUpTest.On.class)
class WarmUpTest {

    static final String KEY = "warm-up-test-key";

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the warm-up addresses the server on its port, so not a random one
            return Map.of("orchestra.warm-up.duration", "10s", "orchestra.auth.api-keys", KEY,
                    "quarkus.http.test-port", Integer.toString(freePort()));
        }

    }

    /** A port free now, for a profile whose warm-up must know the server's port before it starts. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to a minute for the warm-up to end, and fails if it does not. */
    static void awaitEnd(WarmUp warmUp) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!warmUp.finished() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(warmUp.finished(), "the warm-up ends");
    }

    @Inject
    WarmUp warmUp;

    @Inject
    Pool pool;

    /** Whether a test already saw the warm-up running (the first test to run does). */
    private static boolean seenRunning;

    @BeforeEach
    void warmUpOver() throws InterruptedException {
        if (!seenRunning) {
            seenRunning = true;
            // the first requests of this JVM (REST Assured's start included) take seconds on a slow machine
            assertFalse(warmUp.finished(), "the warm-up runs for 10 s after the start");
            given().get("/api/ready").then().statusCode(503).body("message", equalTo("Warming up"));
            given().get("/q/health/ready").then().statusCode(503).body("checks.find { it.name == 'warm-up' }.status",
                    equalTo("DOWN"));
        }
        awaitEnd(warmUp);
    }

    @Test
    void warmUpRanItsRequestsAndKeptNothing() {
        assertNull(warmUp.failure(), "every warm-up request answered as a client expects");
        given().get("/api/ready").then().statusCode(200);
        assertTrue(warmUp.iterations() >= 10, "iterations: " + warmUp.iterations());
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        assertEquals(0L, count("SELECT count(*) FROM flow WHERE name LIKE 'orchestra-warm-up-%'"));
        assertEquals(0L, count("SELECT count(*) FROM flow_run WHERE name LIKE 'warm-up-%'"));
        assertEquals(0L, count("SELECT count(*) FROM task_run WHERE name LIKE 'warm-up-%'"));
        // no count delta row either: the run-count triggers wrote them in the same rolled-back transactions
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().filter(line -> line.startsWith("orchestra_runs_created_total")
                || line.startsWith("orchestra_orchestration_outcomes_total")).allMatch(line -> line.endsWith(" 0.0")),
                "the warm-up's runs and transitions are not counted");
    }

    @Test
    void theHeaderMeansNothingOnceTheWarmUpIsOver() {
        String name = "after-warm-up-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + KEY).header(WarmUp.HEADER, "0".repeat(64))
                .contentType(ContentType.JSON).body(Map.of("name", name)).post("/api/flows/")
                .then().statusCode(201);
        assertEquals(1L, count("SELECT count(*) FROM flow WHERE name = '" + name + "'"));
        assertNull(warmUp.session("0".repeat(64)));
    }

    private long count(String sql) {
        return pool.preparedQuery(sql).execute(Tuple.tuple()).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
