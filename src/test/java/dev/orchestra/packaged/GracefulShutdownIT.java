package dev.orchestra.packaged;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM with requests in flight. The requests are made slow on purpose: each proposes a state for a flow run
 * whose row this test holds locked, so they wait inside the server's transaction. Then the server gets SIGTERM
 * (as Kubernetes stops a pod): readiness goes DOWN at once; after the delay new requests are refused; the test
 * releases the lock; every request in flight completes with its normal answer; the server then stops cleanly
 * (exit status 143, the JVM's after SIGTERM, with no error logged).
 */
class GracefulShutdownIT {

    private static final int IN_FLIGHT = 4;

    @Test
    void requestsInFlightAtSigtermComplete() throws Exception {
        String database = TestPostgres.createDatabase("shutdown");
        try (PackagedServer server = PackagedServer.start(Map.of("ORCHESTRA_DATABASE_URL",
                TestPostgres.url(database), "QUARKUS_SHUTDOWN_DELAY", "2s", "QUARKUS_SHUTDOWN_TIMEOUT", "20s"))) {
            server.awaitListening(Duration.ofSeconds(90));
            String base = server.baseUrl();
            String flowId = given().baseUri(base).contentType(ContentType.JSON).body(Map.of("name", "slow"))
                    .post("/api/flows/").then().statusCode(201).extract().path("id");
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                runs.add(given().baseUri(base).contentType(ContentType.JSON)
                        .body(Map.of("flow_id", flowId, "state", Map.of("type", "SCHEDULED")))
                        .post("/api/flow_runs/").then().statusCode(201).extract().path("id"));
            }
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try (Connection lock = TestPostgres.connect(database)) {
                lock.setAutoCommit(false);
                try (PreparedStatement s = lock.prepareStatement(
                        "SELECT id FROM flow_run WHERE id = ANY (?::uuid[]) FOR UPDATE")) {
                    s.setArray(1, lock.createArrayOf("text", runs.toArray()));
                    s.executeQuery().close();
                }
                List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
                for (String run : runs) {
                    inFlight.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/flow_runs/" + run
                            + "/set_state")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"state\": {\"type\": \"PENDING\"}}"))
                            .build(), HttpResponse.BodyHandlers.ofString()));
                }
                awaitWaitingOnLocks(database, IN_FLIGHT);

                server.terminate();
                awaitReadiness(client, base, 503);
                Thread.sleep(3_000); // past the 2 s delay: the server now refuses new requests
                assertRefused(base, server);
                assertFalse(inFlight.stream().anyMatch(CompletableFuture::isDone), "still waiting on the lock");

                lock.commit();
                for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                    HttpResponse<String> response = f.get(30, TimeUnit.SECONDS);
                    assertEquals(201, response.statusCode(), response.body());
                    assertTrue(response.body().contains("\"status\":\"ACCEPT\""), response.body());
                }
            }
            assertEquals(PackagedServer.EXIT_ON_SIGTERM, server.awaitExit(Duration.ofSeconds(30)), server.output());
            assertFalse(server.output().contains("ERROR"), server.output());
            try (Connection c = TestPostgres.connect(database); PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM flow_run WHERE id = ANY (?::uuid[]) AND state_type = 'PENDING'")) {
                s.setArray(1, c.createArrayOf("text", runs.toArray()));
                ResultSet rs = s.executeQuery();
                rs.next();
                assertEquals(IN_FLIGHT, rs.getInt(1), "every accepted state was committed");
            }
        }
    }

    private static void awaitWaitingOnLocks(String database, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = TestPostgres.connect("postgres"); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'")) {
            s.setString(1, database);
            while (true) {
                ResultSet rs = s.executeQuery();
                rs.next();
                if (rs.getInt(1) == count) {
                    return;
                }
                assertTrue(System.nanoTime() < deadline, "the requests never waited on the row lock");
                Thread.sleep(50);
            }
        }
    }

    private static void awaitReadiness(HttpClient client, String base, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = client.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(status, last, "readiness after SIGTERM");
    }

    /** A new request, on a new connection, gets 503 or no connection at all. */
    private static void assertRefused(String base, PackagedServer server) throws InterruptedException {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            int status = fresh.send(HttpRequest.newBuilder(URI.create(base + "/api/health"))
                    .timeout(Duration.ofSeconds(5)).header("X-Request", UUID.randomUUID().toString()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertEquals(503, status, "a request after the shutdown delay:\n" + server.output());
        } catch (IOException refused) {
            // connection refused or closed: also refused
        }
    }
}
