package dev.orchestra.api;

import static dev.orchestra.api.DatabaseConnectionLossTest.database;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away before its answer takes its running statement with it: the server cancels the statement
 * in PostgreSQL instead of letting it run to the statement timeout (10 s) for nobody. The statements here wait on
 * a lock the test holds, so without the cancel they would still be waiting when the test looks.
 */
@QuarkusTest
class ClientDisconnectTest {

    /** Well under the statement timeout: a statement still running after this was not cancelled. */
    private static final long CANCELLED_WITHIN_MS = 3_000;

    @Test
    void setStateQueuedBehindARowLockIsCancelledWhenItsClientGoesAndRolledBack() throws Exception {
        String taskRunId;
        try (Connection holder = database(); Connection admin = database()) {
            taskRunId = pendingTaskRunLockedBy(holder);
            int backend;
            try (Socket client = send("POST /api/task_runs/" + taskRunId + "/set_state",
                    "{\"state\": {\"type\": \"RUNNING\"}}")) {
                backend = waitingForLock(admin, "task_run");
            }
            assertCancelled(admin, backend);
            holder.rollback();
        }
        // nothing of the abandoned transition was written, and the run goes on as if it had not been asked
        given().get("/api/task_runs/{id}", taskRunId).then().statusCode(200).body("state.type", equalTo("PENDING"))
                .body("run_count", equalTo(0));
        TaskRunOrchestrationTest.setTaskState(taskRunId, Map.of("type", "RUNNING")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
    }

    @Test
    void aReadOnThePoolIsCancelledWhenItsClientGoes() throws Exception {
        try (Connection holder = database(); Connection admin = database()) {
            holder.setAutoCommit(false);
            try (Statement lock = holder.createStatement()) {
                lock.execute("LOCK TABLE log IN ACCESS EXCLUSIVE MODE");
            }
            int backend;
            try (Socket client = send("POST /api/logs/filter", "{\"limit\": 5}")) {
                backend = waitingForLock(admin, "log");
            }
            assertCancelled(admin, backend);
            holder.rollback();
        }
        given().contentType("application/json").body("{\"limit\": 5}").post("/api/logs/filter").then().statusCode(200);
    }

    @Test
    void aClientThatStaysGetsItsAnswerAfterTheWait() throws Exception {
        String taskRunId;
        try (Connection holder = database(); Connection admin = database()) {
            taskRunId = pendingTaskRunLockedBy(holder);
            try (Socket client = send("POST /api/task_runs/" + taskRunId + "/set_state",
                    "{\"state\": {\"type\": \"RUNNING\"}}")) {
                waitingForLock(admin, "task_run");
                holder.rollback();
                String answer = new String(client.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 201", answer);
            }
        }
        given().get("/api/task_runs/{id}", taskRunId).then().body("state.type", equalTo("RUNNING"));
    }

    /** A PENDING task run in a RUNNING flow run, its row locked by the holder's open transaction. */
    private static String pendingTaskRunLockedBy(Connection holder) throws Exception {
        String taskRunId = TaskRunOrchestrationTest.taskRun(TaskRunOrchestrationTest.runningFlowRun(), Map.of());
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement(
                "SELECT id FROM task_run WHERE id = ?::uuid FOR UPDATE")) {
            lock.setString(1, taskRunId);
            lock.executeQuery().close();
        }
        return taskRunId;
    }

    private static Socket send(String requestLine, String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        OutputStream out = socket.getOutputStream();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /** The server's backend that waits for the lock the test holds on the table. */
    private static int waitingForLock(Connection admin, String table) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (PreparedStatement q = admin.prepareStatement("SELECT pid FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
                    + " AND query ~* ?")) {
                q.setString(1, "\\m" + table + "\\M");
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no statement of the server waited for the lock on " + table);
    }

    private static void assertCancelled(Connection admin, int backend) throws Exception {
        long start = System.currentTimeMillis();
        String seen = null;
        while (System.currentTimeMillis() - start < CANCELLED_WITHIN_MS) {
            try (PreparedStatement q = admin.prepareStatement(
                    "SELECT state, wait_event_type FROM pg_stat_activity WHERE pid = ?")) {
                q.setInt(1, backend);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        return;
                    }
                    seen = rs.getString(1) + "/" + rs.getString(2);
                    if (!"Lock".equals(rs.getString(2))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        fail("the statement of the gone client still runs after " + CANCELLED_WITHIN_MS + " ms: " + seen);
    }
}
