package dev.orchestra.api;

import static io.restassured.RestAssured.given;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the ported Prefect tests need to set up their data: rows made through the API, and, where Prefect's tests
 * write through its models (past state timestamps, start times, work queues, deployments), rows written with SQL.
 * Every name is unique, so the tests pass against a database that already holds data.
 */
final class PortFixtures {

    private PortFixtures() {
    }

    /** A JSON object from alternating keys and values; values may be null (unlike {@link Map#of}). */
    static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static String flow() {
        return flow(unique("flow"));
    }

    static String flow(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/api/flows/").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse postFlowRun(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/").then();
    }

    static String flowRun(Object... keysAndValues) {
        return postFlowRun(json(keysAndValues)).statusCode(201).extract().path("id");
    }

    static ValidatableResponse postTaskRun(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/task_runs/").then();
    }

    /** A task run of {@code flowRunId} with a unique task key; more fields as alternating keys and values. */
    static String taskRun(String flowRunId, Object... keysAndValues) {
        Map<String, Object> body = json("flow_run_id", flowRunId, "task_key", unique("key"), "dynamic_key", "0");
        body.putAll(json(keysAndValues));
        return postTaskRun(body).statusCode(201).extract().path("id");
    }

    static ValidatableResponse setFlowState(String id, Map<String, Object> state) {
        return given().contentType(ContentType.JSON).body(Map.of("state", state))
                .when().post("/api/flow_runs/{id}/set_state", id).then();
    }

    static ValidatableResponse forceFlowState(String id, Map<String, Object> state) {
        return given().contentType(ContentType.JSON).body(Map.of("state", state, "force", true))
                .when().post("/api/flow_runs/{id}/set_state", id).then();
    }

    static ValidatableResponse setTaskState(String id, Map<String, Object> state) {
        return given().contentType(ContentType.JSON).body(Map.of("state", state))
                .when().post("/api/task_runs/{id}/set_state", id).then();
    }

    static ValidatableResponse forceTaskState(String id, Map<String, Object> state) {
        return given().contentType(ContentType.JSON).body(Map.of("state", state, "force", true))
                .when().post("/api/task_runs/{id}/set_state", id).then();
    }

    static ValidatableResponse filterFlowRuns(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/filter").then();
    }

    static ValidatableResponse filterTaskRuns(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/task_runs/filter").then();
    }

    /** {@code {"any_": [ids...]}} */
    static Map<String, Object> any(Object... values) {
        return Map.of("any_", List.of(values));
    }

    /** The filter {@code {"flows": {"id": {"any_": [flowIds]}}}}, to keep a test to its own rows. */
    static Map<String, Object> ofFlows(Object... flowIds) {
        return json("flows", Map.of("id", any(flowIds)));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    static String iso(OffsetDateTime t) {
        return t.toString();
    }

    // ---------------------------------------------------------------- SQL

    /** Runs one statement with positional parameters; answers the number of rows changed. */
    static int sql(String statement, Object... params) {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** The rows of a query, each as a list of its column values. */
    static List<List<Object>> query(String statement, Object... params) {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            bind(ps, params);
            List<List<Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof String s && isUuid(s)) {
                ps.setObject(i + 1, UUID.fromString(s));
            } else {
                ps.setObject(i + 1, p);
            }
        }
    }

    private static boolean isUuid(String s) {
        try {
            return s.length() == 36 && UUID.fromString(s).toString().equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static AgroalDataSource dataSource() {
        return Arc.container().instance(AgroalDataSource.class).get();
    }

    /** A work pool and one queue in it: {@code [poolId, poolName, queueId, queueName]}. */
    static String[] workPoolWithQueue() {
        String pool = UUID.randomUUID().toString();
        String poolName = unique("pool");
        String queue = UUID.randomUUID().toString();
        String queueName = unique("queue");
        sql("INSERT INTO work_pool (id, name, type) VALUES (?, ?, 'process')", pool, poolName);
        sql("INSERT INTO work_queue (id, name, work_pool_id) VALUES (?, ?, ?)", queue, queueName, pool);
        sql("UPDATE work_pool SET default_queue_id = ? WHERE id = ?", queue, pool);
        return new String[] {pool, poolName, queue, queueName};
    }

    /** A deployment of {@code flowId}, as Prefect's fixtures make one (only the columns it needs). */
    static String deployment(String flowId) {
        String id = UUID.randomUUID().toString();
        sql("INSERT INTO deployment (id, name, flow_id, manifest_path) VALUES (?, ?, ?, 'file.json')", id,
                unique("deployment"), flowId);
        return id;
    }

    /** A flow run with no state, as Prefect's {@code flow_run} fixture makes it (the API always gives one). */
    static String statelessFlowRun(String flowId) {
        String id = UUID.randomUUID().toString();
        sql("INSERT INTO flow_run (id, name, flow_id, flow_version) VALUES (?, ?, ?, '0.1')", id, unique("run"),
                flowId);
        return id;
    }

    /** A task run with no state, as Prefect's {@code task_run} fixture makes it. */
    static String statelessTaskRun(String flowRunId) {
        String id = UUID.randomUUID().toString();
        sql("INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key) VALUES (?, ?, ?, 'my-key', '0')",
                id, unique("task"), flowRunId);
        return id;
    }

    /** Puts a flow run on a work queue (Prefect's tests give it {@code work_queue_id} at creation). */
    static void onWorkQueue(String flowRunId, String queueId) {
        sql("UPDATE flow_run SET work_queue_id = ? WHERE id = ?", queueId, flowRunId);
    }
}
