package dev.orchestra.persistence.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.config.JsonConfig;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.filters.WorkerFilter;
import dev.orchestra.schemas.sorting.DeploymentSort;
import dev.orchestra.schemas.sorting.FlowRunSort;
import dev.orchestra.schemas.sorting.FlowSort;
import dev.orchestra.schemas.sorting.TaskRunSort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the generated SQL on PostgreSQL over the data of Prefect's {@code tests/server/models/test_filters.py}
 * and expects the same counts. Uses the project's Flyway V1 script when present, else a subset of Prefect's
 * schema; skipped when no database is reachable (FILTERS_PG_URL, default local PostgreSQL, database
 * {@code filters_check}).
 */
class FilterSqlPostgresTest {

    static final String SERVER = System.getenv().getOrDefault("FILTERS_PG_SERVER", "jdbc:postgresql://127.0.0.1:5432/");
    static final String USER = System.getenv().getOrDefault("FILTERS_PG_USER", "postgres");
    static final String DATABASE = "filters_check";
    static final String SCHEMA = "filters_test";

    static final String D11 = "00000000-0000-0000-0000-0000000000d1";
    static final String D12 = "00000000-0000-0000-0000-0000000000d2";
    static final String D31 = "00000000-0000-0000-0000-0000000000d3";

    static final ObjectMapper MAPPER = new ObjectMapper();
    static Connection db;

    static {
        new JsonConfig().customize(MAPPER);
    }

    /** The filter members of a list/count request body. */
    record Body(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns, DeploymentFilter deployments,
            WorkPoolFilter workPools, @JsonProperty("work_pool_queues") WorkQueueFilter workQueues) {
        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, workQueues);
        }
    }

    static EntityFilters body(String json) {
        try {
            return MAPPER.readValue(json.replace('\'', '"'), Body.class).filters();
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    @BeforeAll
    static void connect() throws Exception {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            try (ResultSet rs = admin.createStatement()
                    .executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    admin.createStatement().execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL not reachable: " + e.getMessage());
        }
        db = DriverManager.getConnection(SERVER + DATABASE, USER, "");
        try (Statement s = db.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path TO " + SCHEMA);
            s.execute(schema());
            s.execute(FIXTURE);
        }
    }

    @AfterAll
    static void close() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    /** The project's own Flyway migration: the same schema the server runs on. */
    static String schema() throws Exception {
        return Files.readString(Path.of(System.getProperty("filters.schema",
                "src/main/resources/db/migration/V1__prefect_schema.sql")));
    }

    static final String FIXTURE = """
            INSERT INTO work_pool (id, name, type) VALUES ('00000000-0000-0000-0000-0000000000a1', 'Test Pool', 'process');
            INSERT INTO work_queue (id, name, work_pool_id)
                VALUES ('00000000-0000-0000-0000-0000000000b1', 'default', '00000000-0000-0000-0000-0000000000a1');
            UPDATE work_pool SET default_queue_id = '00000000-0000-0000-0000-0000000000b1';
            INSERT INTO flow (id, name, tags) VALUES
                ('00000000-0000-0000-0000-0000000000f1', 'f-1', '["db", "blue"]'),
                ('00000000-0000-0000-0000-0000000000f2', 'f-2', '["db"]'),
                ('00000000-0000-0000-0000-0000000000f3', 'f-3', '[]'),
                ('00000000-0000-0000-0000-0000000000f4', 'f-4', '[]');
            INSERT INTO deployment (id, name, flow_id, is_schedule_active, work_queue_name, work_queue_id) VALUES
                ('%1$s', 'd-1-1', '00000000-0000-0000-0000-0000000000f1', true, NULL, NULL),
                ('%2$s', 'd-1-2', '00000000-0000-0000-0000-0000000000f1', false, 'test-queue-for-filters', NULL),
                ('%3$s', 'd-3-1', '00000000-0000-0000-0000-0000000000f3', true, 'default',
                 '00000000-0000-0000-0000-0000000000b1');
            INSERT INTO flow_run (id, flow_id, name, tags, state_type, state_name, deployment_id, work_queue_id,
                    expected_start_time, next_scheduled_start_time) VALUES
                ('00000000-0000-0000-0000-000000000011', '00000000-0000-0000-0000-0000000000f1', 'test-happy-duck',
                 '["db", "blue"]', 'COMPLETED', 'Completed', '%1$s', NULL, NULL, NULL),
                (gen_random_uuid(), '00000000-0000-0000-0000-0000000000f1', 'sad-duck', '["db", "blue"]',
                 'COMPLETED', 'Completed', NULL, NULL, NULL, NULL),
                (gen_random_uuid(), '00000000-0000-0000-0000-0000000000f1', 'test-happy-mallard', '["db", "red"]',
                 'FAILED', 'Failed', '%1$s', NULL, NULL, NULL),
                (gen_random_uuid(), '00000000-0000-0000-0000-0000000000f1', 'auto-fr-1', '["red"]',
                 'RUNNING', 'Running', NULL, NULL, NULL, NULL),
                (gen_random_uuid(), '00000000-0000-0000-0000-0000000000f1', 'auto-fr-2', '[]',
                 'RUNNING', 'Running', '%2$s', NULL, NULL, NULL),
                (gen_random_uuid(), '00000000-0000-0000-0000-0000000000f2', 'another-test-happy-duck',
                 '["db", "blue"]', 'COMPLETED', 'Completed', NULL, NULL, NULL, NULL),
                ('00000000-0000-0000-0000-000000000022', '00000000-0000-0000-0000-0000000000f2', 'another-sad-duck',
                 '["red"]', 'RUNNING', 'Running', NULL, NULL, NULL, NULL),
                (gen_random_uuid(), '00000000-0000-0000-0000-0000000000f2', 'auto-fr-3', '["db", "red"]',
                 'FAILED', 'Failed', NULL, NULL, NULL, NULL),
                ('00000000-0000-0000-0000-000000000031', '00000000-0000-0000-0000-0000000000f3', 'auto-fr-4', '[]',
                 'COMPLETED', 'Completed', '%3$s', '00000000-0000-0000-0000-0000000000b1', NULL, NULL),
                (gen_random_uuid(), '00000000-0000-0000-0000-0000000000f3', 'auto-fr-5', '["db", "red"]',
                 'SCHEDULED', 'Scheduled', NULL, NULL, now(), now()),
                ('00000000-0000-0000-0000-000000000041', '00000000-0000-0000-0000-0000000000f4', 'auto-fr-6', '[]',
                 NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO task_run (id, flow_run_id, name, task_key, dynamic_key, state_type, state_name) VALUES
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000011', 'task-run-1', 'a', '0', 'RUNNING', 'Running'),
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000011', 'task-run-2', 'b', '0', 'COMPLETED', 'Completed'),
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000011', 'task-run-2a', 'c', '0', 'COMPLETED', 'Completed'),
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000022', 'tr-auto-1', 'a', '0', 'RUNNING', 'Running'),
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000022', 'tr-auto-2', 'b', '0', 'COMPLETED', 'Completed'),
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000022', 'tr-auto-3', 'c', '0', 'COMPLETED', 'Completed'),
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000031', 'tr-auto-4', 'a', '0', 'FAILED', 'Failed'),
                (gen_random_uuid(), '00000000-0000-0000-0000-000000000041', 'tr-auto-5', 'a', '0', NULL, NULL),
                ('00000000-0000-0000-0000-0000000000e2', '00000000-0000-0000-0000-000000000041', 'tr-auto-6', 'b', '0',
                 NULL, NULL);
            INSERT INTO flow_run (id, flow_id, name, parent_task_run_id) VALUES ('00000000-0000-0000-0000-000000000042',
                '00000000-0000-0000-0000-0000000000f4', 'auto-fr-7', '00000000-0000-0000-0000-0000000000e2');
            INSERT INTO task_run (flow_run_id, name, task_key, dynamic_key)
                VALUES ('00000000-0000-0000-0000-000000000042', 'tr-auto-7', 'a', '0');
            """.formatted(D11, D12, D31);

    // ------------------------------------------------------------------ execution helpers

    static PreparedStatement prepare(Sql sql) throws SQLException {
        SqlQuery q = sql.render(Sql.Placeholders.JDBC);
        PreparedStatement ps = db.prepareStatement(q.sql());
        for (int i = 0; i < q.params().size(); i++) {
            Object p = q.params().get(i);
            if (p instanceof UUID[] uuids) {
                ps.setArray(i + 1, db.createArrayOf("uuid", uuids));
            } else if (p instanceof String[] texts) {
                ps.setArray(i + 1, db.createArrayOf("text", texts));
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    static long count(Sql sql) throws SQLException {
        try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Set<UUID> ids(Sql sql) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ Prefect's count tables

    static Stream<Arguments> flowCases() {
        return Stream.of(
                Arguments.of("{}", 4),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-2']}}}", 2),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-100']}}}", 1),
                Arguments.of("{'flows': {'name': {'any_': ['f-1']}}}", 1),
                Arguments.of("{'flows': {'name': {'like_': 'f'}}}", 4),
                Arguments.of("{'flows': {'name': {'like_': '1'}}}", 1),
                Arguments.of("{'flows': {'tags': {'all_': ['db']}}}", 2),
                Arguments.of("{'flows': {'tags': {'all_': ['db', 'blue']}}}", 1),
                Arguments.of("{'flows': {'tags': {'all_': ['db', 'red']}}}", 0),
                Arguments.of("{'flow_runs': {'tags': {'all_': ['db', 'red']}}}", 3),
                Arguments.of("{'flow_runs': {'tags': {'all_': ['db', 'blue']}}}", 2),
                Arguments.of("{'flow_runs': {'tags': {'is_null_': true}}}", 3),
                Arguments.of("{'flow_runs': {'name': {'like_': 'test-happy'}}}", 2),
                Arguments.of("{'flow_runs': {'name': {'like_': 'test-happy-mallard'}}}", 1),
                Arguments.of("{'task_runs': {'name': {'like_': '2a'}}}", 1),
                Arguments.of("{'deployments': {'id': {'any_': ['" + D11 + "']}}}", 1),
                Arguments.of("{'deployments': {'name': {'like_': 'd-1'}}}", 1),
                Arguments.of("{'task_runs': {'state': {'type': {'any_': ['FAILED']}}}}", 1),
                Arguments.of("{'task_runs': {'state': {'type': {'any_': ['FAILED']}}},"
                        + " 'flow_runs': {'tags': {'all_': ['xyz']}}}", 0),
                Arguments.of("{'flow_runs': {'deployment_id': {'any_': ['" + D11 + "', '" + D12 + "']}}}", 1),
                Arguments.of("{'flow_runs': {'deployment_id': {'any_': ['" + D11 + "', '" + D31 + "']}}}", 2),
                Arguments.of("{'task_runs': {'subflow_runs': {'exists_': true}}}", 1),
                Arguments.of("{'flow_runs': {'parent_task_run_id': {'is_null_': false}}}", 1),
                Arguments.of("{'flows': {}}", 4),
                Arguments.of("{'flows': {}, 'flow_runs': {}}", 4));
    }

    static Stream<Arguments> flowRunCases() {
        return Stream.of(
                Arguments.of("{}", 12),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-2']}}}", 8),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-100']}}}", 5),
                Arguments.of("{'flows': {'name': {'any_': ['f-1']}}}", 5),
                Arguments.of("{'flows': {'name': {'like_': 'f-'}}}", 12),
                Arguments.of("{'flows': {'tags': {'all_': ['db']}}}", 8),
                Arguments.of("{'flows': {'tags': {'all_': ['db', 'blue']}}}", 5),
                Arguments.of("{'flows': {'tags': {'all_': ['db', 'red']}}}", 0),
                Arguments.of("{'flow_runs': {'tags': {'all_': ['db', 'red']}}}", 3),
                Arguments.of("{'flow_runs': {'tags': {'all_': ['db', 'blue']}}}", 3),
                Arguments.of("{'flow_runs': {'tags': {'is_null_': true}}}", 4),
                Arguments.of("{'flow_runs': {'name': {'like_': 'test-happy'}}}", 3),
                Arguments.of("{'flow_runs': {'name': {'like_': 'test-happy-mallard'}}}", 1),
                Arguments.of("{'task_runs': {'name': {'like_': '2a'}}}", 1),
                Arguments.of("{'deployments': {'id': {'any_': ['" + D11 + "']}}}", 2),
                Arguments.of("{'deployments': {'name': {'like_': 'd_1'}}}", 3),
                Arguments.of("{'task_runs': {'state': {'type': {'any_': ['FAILED']}}}}", 1),
                Arguments.of("{'task_runs': {'state': {'type': {'any_': ['FAILED']}}},"
                        + " 'flows': {'tags': {'all_': ['xyz']}}}", 0),
                Arguments.of("{'flow_runs': {'state': {'type': {'any_': ['COMPLETED']},"
                        + " 'name': {'any_': ['NOT-COMPLETED']}}}}", 0),
                Arguments.of("{'flow_runs': {'state': {'name': {'any_': ['Completed']}}}}", 4),
                Arguments.of("{'flow_runs': {'state': {'name': {'any_': ['Failed']}}}}", 2),
                Arguments.of("{'flow_runs': {'state': {'name': {'any_': ['Failed', 'Completed']}}}}", 6),
                Arguments.of("{'flow_runs': {'state': {'type': {'any_': ['FAILED']},"
                        + " 'name': {'any_': ['Failed', 'Completed']}}}}", 2),
                Arguments.of("{'flow_runs': {'deployment_id': {'any_': ['" + D11 + "', '" + D12 + "']}}}", 3),
                Arguments.of("{'flow_runs': {'deployment_id': {'any_': ['" + D11 + "', '" + D31 + "']}}}", 3),
                Arguments.of("{'task_runs': {'subflow_runs': {'exists_': true}}}", 1),
                Arguments.of("{'flow_runs': {'parent_task_run_id': {'is_null_': false}}}", 1),
                Arguments.of("{'flows': {}}", 12),
                Arguments.of("{'flows': {}, 'flow_runs': {}}", 12),
                Arguments.of("{'work_pools': {'name': {'any_': ['Test Pool']}}}", 1),
                Arguments.of("{'work_pool_queues': {'name': {'any_': ['default']}}}", 1),
                Arguments.of("{'work_pools': {'name': {'any_': ['Test Pool']}},"
                        + " 'work_pool_queues': {'name': {'any_': ['default']}}}", 1),
                Arguments.of("{'work_pools': {'name': {'any_': ['A pool that doesn`t exist']}},"
                        + " 'work_pool_queues': {'name': {'any_': ['default']}}}", 0),
                Arguments.of("{'work_pools': {'name': {'any_': ['Test Pool']}},"
                        + " 'work_pool_queues': {'name': {'any_': ['a queue that doesn`t exist']}}}", 0));
    }

    static Stream<Arguments> taskRunCases() {
        return Stream.of(
                Arguments.of("{}", 10),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-2']}}}", 6),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-100']}}}", 3),
                Arguments.of("{'flows': {'name': {'any_': ['f-1']}}}", 3),
                Arguments.of("{'flows': {'name': {'like_': 'f-'}}}", 10),
                Arguments.of("{'task_runs': {'name': {'like_': 'task-run'}}}", 3),
                Arguments.of("{'task_runs': {'name': {'like_': 'run-2'}}}", 2),
                Arguments.of("{'task_runs': {'name': {'like_': '2a'}}}", 1),
                Arguments.of("{'flows': {'tags': {'all_': ['db']}}}", 6),
                Arguments.of("{'flows': {'tags': {'all_': ['db', 'blue']}}}", 3),
                Arguments.of("{'flows': {'tags': {'all_': ['db', 'red']}}}", 0),
                Arguments.of("{'flow_runs': {'tags': {'all_': ['db', 'red']}}}", 0),
                Arguments.of("{'flow_runs': {'tags': {'all_': ['db', 'blue']}}}", 3),
                Arguments.of("{'flow_runs': {'name': {'like_': 'test-happy'}}}", 3),
                Arguments.of("{'flow_runs': {'name': {'like_': 'test-happy-mallard'}}}", 0),
                Arguments.of("{'deployments': {'id': {'any_': ['" + D11 + "']}}}", 3),
                Arguments.of("{'deployments': {'name': {'like_': 'd_1'}}}", 3),
                Arguments.of("{'flow_runs': {'tags': {'is_null_': true}}}", 4),
                Arguments.of("{'flow_runs': {'state': {'type': {'any_': ['COMPLETED']}}}}", 4),
                Arguments.of("{'flow_runs': {'state': {'type': {'any_': ['COMPLETED']},"
                        + " 'name': {'any_': ['NOT-COMPLETED']}}}}", 0),
                Arguments.of("{'flow_runs': {'state': {'name': {'any_': ['Completed']}}}}", 4),
                Arguments.of("{'flow_runs': {'state': {'type': {'any_': ['COMPLETED']}}},"
                        + " 'flows': {'tags': {'all_': ['xyz']}}}", 0),
                Arguments.of("{'flow_runs': {'deployment_id': {'any_': ['" + D11 + "', '" + D12 + "']}}}", 3),
                Arguments.of("{'flow_runs': {'deployment_id': {'any_': ['" + D11 + "', '" + D31 + "']}}}", 4),
                Arguments.of("{'task_runs': {'subflow_runs': {'exists_': true}}}", 1),
                Arguments.of("{'task_runs': {'subflow_runs': {'exists_': false}}}", 9),
                Arguments.of("{'task_runs': {'subflow_runs': {'exists_': true}, 'tags': {'all_': ['subflow']}}}", 0),
                Arguments.of("{'flows': {}}", 10),
                Arguments.of("{'flows': {}, 'flow_runs': {}}", 10),
                // beyond Prefect's table: the id-only shortcut, and work pool / queue through the flow run
                Arguments.of("{'flow_runs': {'id': {'any_': ['00000000-0000-0000-0000-000000000011']}}}", 3),
                Arguments.of("{'work_pools': {'name': {'any_': ['Test Pool']}}}", 1),
                Arguments.of("{'work_pool_queues': {'name': {'startswith_': ['DEF']}}}", 1));
    }

    static Stream<Arguments> deploymentCases() {
        return Stream.of(
                Arguments.of("{}", 3),
                Arguments.of("{'deployments': {'name': {'any_': ['d-1-1']}}}", 1),
                Arguments.of("{'deployments': {'name': {'like_': 'd-'}}}", 3),
                Arguments.of("{'deployments': {'name': {'like_': '-1-2'}}}", 1),
                Arguments.of("{'deployments': {'name': {'any_': ['d-1-1', 'd-1-2']}}}", 2),
                Arguments.of("{'deployments': {'name': {'any_': ['zaphod']}}}", 0),
                Arguments.of("{'deployments': {'is_schedule_active': {'eq_': true}}}", 2),
                Arguments.of("{'deployments': {'is_schedule_active': {'eq_': false}}}", 1),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-2']}}}", 2),
                Arguments.of("{'flows': {'name': {'any_': ['f-1', 'f-100']}}}", 2),
                Arguments.of("{'flows': {'name': {'any_': ['f-3']}}}", 1),
                Arguments.of("{'flows': {'name': {'like_': 'f-'}}}", 3),
                Arguments.of("{'flows': {'name': {'like_': 'f-2'}}}", 0),
                Arguments.of("{'flows': {'tags': {'all_': ['db']}}}", 2),
                Arguments.of("{'flows': {'tags': {'all_': ['db', 'red']}}}", 0),
                Arguments.of("{'flow_runs': {'name': {'like_': 'test-happy'}}}", 1),
                Arguments.of("{'flow_runs': {'name': {'like_': 'nothing!'}}}", 0),
                Arguments.of("{'flow_runs': {'deployment_id': {'any_': ['" + D11 + "', '" + D12 + "', '"
                        + UUID.randomUUID() + "']}}}", 2),
                Arguments.of("{'task_runs': {'state': {'type': {'any_': ['FAILED']}}}}", 1),
                Arguments.of("{'deployments': {'name': {'any_': ['d-1-1']}},"
                        + " 'flows': {'name': {'any_': ['f-1', 'f-2']}}}", 1),
                Arguments.of("{'deployments': {'name': {'any_': ['d-1-1']}}, 'flows': {'name': {'any_': ['f-2']}}}", 0),
                Arguments.of("{'work_pools': {'name': {'any_': ['Test Pool']}}}", 1),
                Arguments.of("{'work_pool_queues': {'name': {'any_': ['default']}}}", 1),
                Arguments.of("{'work_pools': {'name': {'any_': ['Test Pool']}},"
                        + " 'work_pool_queues': {'name': {'any_': ['default']}}}", 1),
                Arguments.of("{'work_pools': {'name': {'any_': ['A pool that doesn`t exist']}},"
                        + " 'work_pool_queues': {'name': {'any_': ['default']}}}", 0),
                Arguments.of("{'work_pools': {'name': {'any_': ['Test Pool']}},"
                        + " 'work_pool_queues': {'name': {'any_': ['a queue that doesn`t exist']}}}", 0),
                Arguments.of("{'flows': {}}", 3),
                Arguments.of("{'flows': {}, 'flow_runs': {}}", 3));
    }

    @ParameterizedTest
    @MethodSource("flowCases")
    void countFlows(String body, int expected) throws SQLException {
        EntityFilters f = body(body);
        assertEquals(expected, count(FlowQuery.count(f)));
        assertEquals(expected, ids(FlowQuery.select("flow.id", f, null, 200, 0)).size());
    }

    @ParameterizedTest
    @MethodSource("flowRunCases")
    void countFlowRuns(String body, int expected) throws SQLException {
        EntityFilters f = body(body);
        assertEquals(expected, count(FlowRunQuery.count(f)));
        assertEquals(expected, ids(FlowRunQuery.select("flow_run.id", f, null, 200, 0)).size());
    }

    @ParameterizedTest
    @MethodSource("taskRunCases")
    void countTaskRuns(String body, int expected) throws SQLException {
        EntityFilters f = body(body);
        assertEquals(expected, count(TaskRunQuery.count(f)));
        assertEquals(expected, ids(TaskRunQuery.select("task_run.id", f, null, 200, 0)).size());
    }

    @ParameterizedTest
    @MethodSource("deploymentCases")
    void countDeployments(String body, int expected) throws SQLException {
        EntityFilters f = body(body);
        assertEquals(expected, count(DeploymentQuery.count(f)));
        assertEquals(expected, ids(DeploymentQuery.select("deployment.id", f, null, 200, 0)).size());
    }

    // ------------------------------------------------------------------ every operator and sort is valid SQL

    static final String EVERY_FLOW_RUN_OPERATOR = """
            {'operator': 'or_',
             'id': {'any_': ['%1$s'], 'not_any_': ['%1$s']}, 'name': {'any_': ['a'], 'like_': 'happy'},
             'tags': {'all_': ['db'], 'is_null_': false}, 'deployment_id': {'any_': ['%1$s'], 'is_null_': true},
             'work_queue_name': {'any_': ['wq'], 'is_null_': false},
             'state': {'type': {'any_': ['COMPLETED', 'CANCELLING']}, 'name': {'any_': ['Late']}},
             'flow_version': {'any_': ['1.0']},
             'start_time': {'before_': '2030-01-01T00:00:00Z', 'after_': '2020-01-01T00:00:00Z', 'is_null_': false},
             'expected_start_time': {'before_': '2030-01-01T00:00:00Z', 'after_': '2020-01-01T00:00:00Z'},
             'next_scheduled_start_time': {'before_': '2030-01-01T00:00:00Z', 'after_': '2020-01-01T00:00:00Z'},
             'parent_flow_run_id': {'any_': ['%1$s']}, 'parent_task_run_id': {'any_': ['%1$s'], 'is_null_': false},
             'idempotency_key': {'any_': ['k1'], 'not_any_': ['k2']}}""".formatted(UUID.randomUUID());
    static final String EVERY_TASK_RUN_OPERATOR = """
            {'id': {'any_': []}, 'name': {'any_': ['t'], 'like_': '2a'}, 'tags': {'all_': ['x'], 'is_null_': true},
             'state': {'operator': 'or_', 'type': {'any_': ['RUNNING']}, 'name': {'any_': ['Running']}},
             'start_time': {'before_': '2030-01-01T00:00:00Z', 'after_': '2020-01-01T00:00:00Z', 'is_null_': true},
             'subflow_runs': {'exists_': false}, 'flow_run_id': {'any_': [], 'is_null_': true}}""";
    static final String EVERY_OTHER_OPERATOR = """
            {'flows': {'operator': 'or_', 'id': {'any_': []}, 'deployment': {'is_null_': true},
                       'name': {'any_': ['f-1'], 'like_': 'f'}, 'tags': {'all_': ['db'], 'is_null_': false}},
             'deployments': {'operator': 'or_', 'id': {'any_': []}, 'name': {'any_': ['d'], 'like_': 'd'},
                             'is_schedule_active': {'eq_': false}, 'tags': {'all_': [], 'is_null_': true},
                             'work_queue_name': {'any_': ['q']}},
             'work_pools': {'operator': 'or_', 'id': {'any_': []}, 'name': {'any_': ['p']}, 'type': {'any_': ['t']}},
             'work_pool_queues': {'operator': 'or_', 'id': {'any_': []},
                                  'name': {'any_': ['q'], 'startswith_': ['de', 'x']}}}""";

    @Test
    void everyOperatorRunsOnEveryEntity() throws Exception {
        EntityFilters all = body(EVERY_OTHER_OPERATOR)
                .withFlowRuns(body("{'flow_runs': " + EVERY_FLOW_RUN_OPERATOR + "}").flowRuns())
                .withTaskRuns(body("{'task_runs': " + EVERY_TASK_RUN_OPERATOR + "}").taskRuns());
        for (FlowRunSort sort : FlowRunSort.values()) {
            ids(FlowRunQuery.select("flow_run.id", all, sort, 10, 0));
        }
        for (TaskRunSort sort : TaskRunSort.values()) {
            ids(TaskRunQuery.select("task_run.id", all, sort, 10, 0));
        }
        for (FlowSort sort : FlowSort.values()) {
            ids(FlowQuery.select("flow.id", all, sort, 10, 0));
        }
        for (DeploymentSort sort : DeploymentSort.values()) {
            ids(DeploymentQuery.select("deployment.id", all, sort, 10, 0));
        }
        UUID pool = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
        assertEquals(0, ids(WorkPoolQuery.selectPools("work_pool.id", all.workPools(), null, null)).size());
        assertEquals(0, ids(WorkPoolQuery.selectQueues("work_queue.id", all.workQueues(), 10, 0)).size());
        assertEquals(0, ids(WorkPoolQuery.selectPoolQueues("work_queue.id", pool, all.workQueues(), 10, 0)).size());
        WorkerFilter workers = MAPPER.readValue("{\"last_heartbeat_time\": {\"before_\": \"2030-01-01T00:00:00Z\","
                + " \"after_\": \"2020-01-01T00:00:00Z\"}}", WorkerFilter.class);
        assertEquals(0, ids(WorkPoolQuery.selectWorkers("worker.id", pool, workers, 10, 0)).size());
        assertEquals(1, count(WorkPoolQuery.countPools(null)));
        WorkQueueFilter prefixes = body("{'work_pool_queues': {'name': {'startswith_': ['DE', 'x']}}}").workQueues();
        assertEquals(1, ids(WorkPoolQuery.selectPoolQueues("work_queue.id", pool, prefixes, 10, 0)).size());
    }

    @Test
    void sortsOrderAsPrefectDoes() throws SQLException {
        // NULL names never occur; expected_start_time is NULL for all but one run, so ASC puts that run first
        Sql asc = FlowRunQuery.select("flow_run.id", EntityFilters.NONE, FlowRunSort.EXPECTED_START_TIME_ASC, 1, 0);
        Sql desc = FlowRunQuery.select("flow_run.id", EntityFilters.NONE, FlowRunSort.EXPECTED_START_TIME_DESC, 1, 0);
        Sql scheduled = FlowRunQuery.select("flow_run.id", body("{'flow_runs': {'name': {'any_': ['auto-fr-5']}}}"),
                null, null, null);
        UUID theScheduledRun = ids(scheduled).iterator().next();
        assertEquals(Set.of(theScheduledRun), ids(asc));
        assertTrue(!ids(desc).contains(theScheduledRun), "DESC puts NULLs first, as PostgreSQL does");
        Sql paged = FlowRunQuery.select("flow_run.id", EntityFilters.NONE, FlowRunSort.NAME_ASC, 5, 10);
        assertEquals(2, ids(paged).size());
    }

    @Test
    void computedRunColumnsAreValid() throws SQLException {
        try (PreparedStatement ps = prepare(Sql.raw("SELECT " + RunExpressions.estimatedRunTime("flow_run") + ", "
                + RunExpressions.estimatedStartTimeDelta("flow_run") + " FROM flow_run WHERE flow_run.name = 'auto-fr-5'"));
                ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("00:00:00", rs.getString(1));
            rs.getString(2);
        }
        ids(Sql.raw("SELECT task_run.id FROM task_run ORDER BY " + RunExpressions.estimatedRunTime("task_run")));
    }

    /** The same statements through the Vert.x reactive client the repositories use, with its $n placeholders. */
    @Test
    void reactiveClientBindsTheParameters() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            java.net.URI uri = java.net.URI.create(SERVER.substring("jdbc:".length()));
            io.vertx.pgclient.PgConnectOptions options = new io.vertx.pgclient.PgConnectOptions()
                    .setHost(uri.getHost()).setPort(uri.getPort()).setDatabase(DATABASE).setUser(USER)
                    .setProperties(java.util.Map.of("search_path", SCHEMA));
            io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgPool.pool(vertx, options, new io.vertx.sqlclient.PoolOptions());
            for (Arguments c : flowRunCases().toList()) {
                SqlQuery q = FlowRunQuery.count(body((String) c.get()[0])).render();
                long n = pool.preparedQuery(q.sql()).execute(io.vertx.sqlclient.Tuple.from(q.params()))
                        .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS)
                        .iterator().next().getLong(0);
                assertEquals(((Integer) c.get()[1]).longValue(), n, q.sql());
            }
            EntityFilters all = body(EVERY_OTHER_OPERATOR)
                    .withFlowRuns(body("{'flow_runs': " + EVERY_FLOW_RUN_OPERATOR + "}").flowRuns())
                    .withTaskRuns(body("{'task_runs': " + EVERY_TASK_RUN_OPERATOR + "}").taskRuns());
            SqlQuery q = TaskRunQuery.select("task_run.id", all, TaskRunSort.NAME_ASC, 5, 1).render();
            pool.preparedQuery(q.sql()).execute(io.vertx.sqlclient.Tuple.from(q.params()))
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            q = FlowRunQuery.select("flow_run.id", all, FlowRunSort.START_TIME_ASC, 5, 1).render();
            pool.preparedQuery(q.sql()).execute(io.vertx.sqlclient.Tuple.from(q.params()))
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            pool.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void timestampParametersBind() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        assertEquals(1, count(Sql.of("SELECT count(*) FROM flow_run WHERE flow_run.next_scheduled_start_time"
                + " <= ?::timestamptz", now.plusDays(1))));
    }
}
