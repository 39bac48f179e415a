package dev.orchestra.persistence.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.config.JsonConfig;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.filters.WorkerFilter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SQL of every operator, from the JSON a client would send. */
class FilterSqlTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        new JsonConfig().customize(MAPPER);
    }

    static final UUID A = UUID.fromString("0b1e6ab8-7f0e-4c7a-9a36-0d8c2a8f2a01");
    static final UUID B = UUID.fromString("0b1e6ab8-7f0e-4c7a-9a36-0d8c2a8f2a02");
    static final OffsetDateTime T = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);

    static <T> T json(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json.replace('\'', '"'), type);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SqlQuery flowRun(String json) {
        return FilterSql.where(json(json, FlowRunFilter.class), "flow_run").render();
    }

    static SqlQuery taskRun(String json) {
        return FilterSql.where(json(json, TaskRunFilter.class), "task_run").render();
    }

    @Test
    void emptyFiltersAreTrue() {
        assertSame(Sql.TRUE, FilterSql.where(json("{}", FlowRunFilter.class), "flow_run"));
        assertEquals("TRUE", flowRun("{'id': {}, 'state': {'type': {}, 'name': {}}}").sql());
        assertEquals("TRUE", flowRun("{'operator': 'or_', 'tags': {}}").sql());
    }

    @Test
    void anyAndNotAnyOfUuids() {
        SqlQuery q = flowRun("{'id': {'any_': ['%s', '%s'], 'not_any_': ['%s']}}".formatted(A, B, B));
        assertEquals("(flow_run.id = ANY($1::uuid[]) AND NOT (flow_run.id = ANY($2::uuid[])))", q.sql());
        assertArrayEquals(new UUID[] {A, B}, (UUID[]) q.params().get(0));
        assertArrayEquals(new UUID[] {B}, (UUID[]) q.params().get(1));
    }

    @Test
    void anyAndNotAnyOfText() {
        SqlQuery q = flowRun("{'idempotency_key': {'any_': ['k1'], 'not_any_': ['k2', 'k3']}}");
        assertEquals("(flow_run.idempotency_key = ANY($1::text[]) AND NOT (flow_run.idempotency_key = ANY($2::text[])))",
                q.sql());
        assertArrayEquals(new String[] {"k2", "k3"}, (String[]) q.params().get(1));
        assertEquals("flow_run.flow_version = ANY($1::text[])", flowRun("{'flow_version': {'any_': []}}").sql());
    }

    @Test
    void likeIsCaseInsensitiveSubstringWithTheTextAsParameter() {
        SqlQuery q = flowRun("{'name': {'any_': ['a'], 'like_': '50%_off'}}");
        assertEquals("(flow_run.name = ANY($1::text[]) AND flow_run.name ILIKE ('%' || $2::text || '%'))", q.sql());
        assertEquals("50%_off", q.params().get(1));
    }

    @Test
    void tags() {
        SqlQuery q = flowRun("{'tags': {'all_': ['db', 'x\\\"y'], 'is_null_': false}}");
        assertEquals("(flow_run.tags @> $1::text::jsonb AND flow_run.tags <> '[]'::jsonb)", q.sql());
        assertEquals("[\"db\",\"x\\\"y\"]", q.params().get(0));
        assertEquals("(flow_run.tags @> $1::text::jsonb OR flow_run.tags = '[]'::jsonb)",
                flowRun("{'tags': {'operator': 'or_', 'all_': [], 'is_null_': true}}").sql());
    }

    @Test
    void isNull() {
        assertEquals("(flow_run.deployment_id = ANY($1::uuid[]) OR flow_run.deployment_id IS NULL)",
                flowRun("{'deployment_id': {'operator': 'or_', 'any_': ['%s'], 'is_null_': true}}".formatted(A)).sql());
        assertEquals("flow_run.work_queue_name IS NOT NULL", flowRun("{'work_queue_name': {'is_null_': false}}").sql());
        assertEquals("flow_run.parent_task_run_id IS NULL", flowRun("{'parent_task_run_id': {'is_null_': true}}").sql());
        assertEquals("flow_run.start_time IS NULL", flowRun("{'start_time': {'is_null_': true}}").sql());
    }

    @Test
    void stateTypesAndNamesAreFlattenedUnderTheStateOperator() {
        SqlQuery q = flowRun("{'state': {'operator': 'or_', 'type': {'any_': ['COMPLETED', 'FAILED']},"
                + " 'name': {'any_': ['Late']}}}");
        assertEquals("(flow_run.state_type = ANY($1::text[]::state_type[]) OR flow_run.state_name = ANY($2::text[]))",
                q.sql());
        assertArrayEquals(new String[] {"COMPLETED", "FAILED"}, (String[]) q.params().get(0));
    }

    @Test
    void timesAreInclusiveBounds() {
        SqlQuery q = flowRun("{'start_time': {'before_': '2024-01-02T03:04:05Z', 'after_': '2024-01-01T00:00:00Z'},"
                + " 'expected_start_time': {'before_': '2024-01-02T03:04:05Z'},"
                + " 'next_scheduled_start_time': {'after_': '2024-01-02T03:04:05Z'}}");
        assertEquals("((flow_run.start_time <= $1::timestamptz AND flow_run.start_time >= $2::timestamptz)"
                + " AND flow_run.expected_start_time <= $3::timestamptz"
                + " AND flow_run.next_scheduled_start_time >= $4::timestamptz)", q.sql());
        assertEquals(T.toInstant(), ((OffsetDateTime) q.params().get(0)).toInstant());
    }

    @Test
    void parentFlowRunIdGoesThroughTheParentTaskRun() {
        assertEquals("EXISTS (SELECT 1 FROM task_run AS flow_run_parent_task WHERE flow_run_parent_task.id ="
                + " flow_run.parent_task_run_id AND flow_run_parent_task.flow_run_id = ANY($1::uuid[]))",
                flowRun("{'parent_flow_run_id': {'any_': ['%s']}}".formatted(A)).sql());
    }

    @Test
    void topLevelOperatorAndNestedTrue() {
        assertEquals("TRUE", flowRun("{'operator': 'or_', 'id': {}, 'name': {'like_': 'x'}}").sql());
        assertEquals("flow_run.name ILIKE ('%' || $1::text || '%')",
                flowRun("{'operator': 'and_', 'id': {}, 'name': {'like_': 'x'}}").sql());
        assertEquals("(flow_run.name ILIKE ('%' || $1::text || '%') OR (flow_run.tags @> $2::text::jsonb"
                + " AND flow_run.tags = '[]'::jsonb))",
                flowRun("{'operator': 'or_', 'name': {'like_': 'x'}, 'tags': {'all_': ['a'], 'is_null_': true}}").sql());
    }

    @Test
    void taskRunOperators() {
        assertEquals("(task_run.id = ANY($1::uuid[]) AND task_run.name ILIKE ('%' || $2::text || '%')"
                + " AND task_run.tags @> $3::text::jsonb"
                + " AND (task_run.state_type = ANY($4::text[]::state_type[]) AND task_run.state_name = ANY($5::text[]))"
                + " AND task_run.start_time >= $6::timestamptz)",
                taskRun("{'id': {'any_': ['%s']}, 'name': {'like_': 'a'}, 'tags': {'all_': ['t']},".formatted(A)
                        + " 'state': {'type': {'any_': ['RUNNING']}, 'name': {'any_': ['Running']}},"
                        + " 'start_time': {'after_': '2024-01-01T00:00:00Z'}}").sql());
        assertEquals("EXISTS (SELECT 1 FROM flow_run AS task_run_subflow"
                + " WHERE task_run_subflow.parent_task_run_id = task_run.id)",
                taskRun("{'subflow_runs': {'exists_': true}}").sql());
        assertEquals("NOT (EXISTS (SELECT 1 FROM flow_run AS task_run_subflow"
                + " WHERE task_run_subflow.parent_task_run_id = task_run.id))",
                taskRun("{'subflow_runs': {'exists_': false}}").sql());
        assertEquals("TRUE", taskRun("{'subflow_runs': {}}").sql());
    }

    @Test
    void taskRunFlowRunIdIsNullWinsOverAny() {
        assertEquals("task_run.flow_run_id IS NULL",
                taskRun("{'flow_run_id': {'any_': ['%s'], 'is_null_': true}}".formatted(A)).sql());
        assertEquals("task_run.flow_run_id = ANY($1::uuid[])",
                taskRun("{'flow_run_id': {'any_': ['%s'], 'is_null_': false}}".formatted(A)).sql());
        assertEquals("TRUE", taskRun("{'flow_run_id': {'is_null_': false}}").sql());
    }

    @Test
    void flowOperators() {
        FlowFilter f = json("{'id': {'any_': ['%s']}, 'name': {'any_': ['f-1'], 'like_': 'f'},".formatted(A)
                + " 'tags': {'all_': ['db']}, 'deployment': {'is_null_': true}}", FlowFilter.class);
        assertEquals("(flow.id = ANY($1::uuid[]) AND flow.id NOT IN (SELECT flow_deployment.flow_id FROM deployment"
                + " AS flow_deployment) AND (flow.name = ANY($2::text[]) AND flow.name ILIKE ('%' || $3::text || '%'))"
                + " AND flow.tags @> $4::text::jsonb)", FilterSql.where(f, "flow").toString());
        assertEquals("flow.id IN (SELECT flow_deployment.flow_id FROM deployment AS flow_deployment)",
                FilterSql.where(json("{'deployment': {'is_null_': false}}", FlowFilter.class), "flow").toString());
    }

    @Test
    void deploymentOperators() {
        DeploymentFilter d = json("{'id': {'any_': []}, 'name': {'like_': 'd_1'}, 'is_schedule_active': {'eq_': true},"
                + " 'tags': {'is_null_': true}, 'work_queue_name': {'any_': ['q']}}", DeploymentFilter.class);
        assertEquals("(deployment.id = ANY($1::uuid[]) AND deployment.name ILIKE ('%' || $2::text || '%')"
                + " AND deployment.is_schedule_active IS TRUE AND deployment.tags = '[]'::jsonb"
                + " AND deployment.work_queue_name = ANY($3::text[]))", FilterSql.where(d, "deployment").toString());
        assertEquals("deployment.is_schedule_active IS FALSE", FilterSql.where(
                json("{'is_schedule_active': {'eq_': false}}", DeploymentFilter.class), "deployment").toString());
    }

    @Test
    void workPoolQueueAndWorkerOperators() {
        assertEquals("(work_pool.id = ANY($1::uuid[]) AND work_pool.name = ANY($2::text[])"
                + " AND work_pool.type = ANY($3::text[]))", FilterSql.where(json(
                "{'id': {'any_': ['%s']}, 'name': {'any_': ['p']}, 'type': {'any_': ['process']}}".formatted(A),
                WorkPoolFilter.class), "work_pool").toString());
        SqlQuery q = FilterSql.where(json("{'name': {'any_': ['default'], 'startswith_': ['de', 'Q']}}",
                WorkQueueFilter.class), "work_queue").render();
        assertEquals("(work_queue.name = ANY($1::text[]) AND (work_queue.name ILIKE ($2::text || '%')"
                + " OR work_queue.name ILIKE ($3::text || '%')))", q.sql());
        assertEquals(List.of("de", "Q"), q.params().subList(1, 3));
        // an empty startswith_ list adds nothing, as SQLAlchemy's empty or_() does
        assertEquals("work_queue.id = ANY($1::uuid[])", FilterSql.where(json(
                "{'id': {'any_': []}, 'name': {'startswith_': []}}", WorkQueueFilter.class), "work_queue").toString());
        assertEquals("(worker.last_heartbeat_time <= $1::timestamptz AND worker.last_heartbeat_time >= $2::timestamptz)",
                FilterSql.where(json("{'last_heartbeat_time': {'before_': '2024-01-02T00:00:00Z',"
                        + " 'after_': '2024-01-01T00:00:00Z'}}", WorkerFilter.class), "worker").toString());
    }
}
