package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A database connection lost in the middle of a request answers 503 with {@code Retry-After}, as Prefect does
 * for asyncpg's lost connections, so the Prefect client retries the call instead of crashing the run (found
 * by running the real client while the database dropped its connections).
 */
@QuarkusTest
class DatabaseConnectionLossTest {

    @Test
    void setStateWhoseConnectionIsKilledWhileWaitingForTheRunLockAnswers503AndTheRetrySucceeds() throws Exception {
        String flowRunId = TaskRunOrchestrationTest.runningFlowRun();
        String taskRunId = TaskRunOrchestrationTest.taskRun(flowRunId, Map.of());
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection db = database(); Connection admin = database()) {
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("SELECT id FROM task_run WHERE id = ?::uuid FOR UPDATE")) {
                lock.setString(1, taskRunId);
                lock.executeQuery().close();
            }
            Future<Response> answer = client.submit(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("state", Map.of("type", "RUNNING"))).post("/api/task_runs/{id}/set_state", taskRunId));
            int waiting = backendWaitingForLock(admin);
            try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                kill.setInt(1, waiting);
                kill.executeQuery().close();
            }
            Response r = answer.get(30, TimeUnit.SECONDS);
            assertEquals(503, r.statusCode(), r.asString());
            assertEquals("1", r.header("Retry-After"));
            assertEquals("Service Unavailable", r.path("exception_message"));
            db.rollback();
        } finally {
            client.shutdownNow();
        }
        // what the client does next: the same call again, on a fresh connection from the pool
        TaskRunOrchestrationTest.setTaskState(taskRunId, Map.of("type", "RUNNING")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        given().get("/api/task_runs/{id}", taskRunId).then().statusCode(200).body("state.type", equalTo("RUNNING"))
                .body("run_count", equalTo(1));
    }

    @Test
    void everyFlavourOfLostConnectionIsRetryableAndNothingElseIs() {
        assertTrue(ErrorMappers.connectionLost(ClosedConnectionException.INSTANCE));
        assertTrue(ErrorMappers.connectionLost(new SocketException("Connection reset")));
        assertTrue(ErrorMappers.connectionLost(new CompletionException(new java.net.ConnectException("refused"))));
        assertTrue(ErrorMappers.connectionLost(new io.vertx.core.VertxException("Connection is not active now")));
        assertFalse(ErrorMappers.connectionLost(new IllegalStateException("a bug")));
        assertFalse(ErrorMappers.connectionLost(new CompletionException(new JsonParseException(null, "bad json"))));
    }

    /** The pid of the server's backend that waits on the row lock the test holds (asked outside that transaction). */
    private static int backendWaitingForLock(Connection admin) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (PreparedStatement q = admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query ILIKE '%task_run%'");
                    ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return rs.getInt(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the set_state request never waited for the row lock");
    }

    /** A JDBC connection to the server's database, outside the server. */
    static Connection database() throws Exception {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }
}
