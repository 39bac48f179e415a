package dev.orchestra.schemas.filters;

import dev.orchestra.schemas.ValidationException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.config.JsonConfig;
import dev.orchestra.schemas.StateType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterJsonTest {

    static final ObjectMapper MAPPER = mapper();

    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        new JsonConfig().customize(m);
        return m;
    }

    static <T> T parse(String json, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(json.replace('\'', '"'), type);
    }

    static ValidationException.Error rejection(String json, Class<?> type) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> parse(json, type));
        ValidationException v = ValidationException.from(e, "body", "flow_runs");
        assertEquals(1, v.errors().size());
        return v.errors().get(0);
    }

    static final UUID A = UUID.fromString("0b1e6ab8-7f0e-4c7a-9a36-0d8c2a8f2a01");
    static final UUID B = UUID.fromString("0b1e6ab8-7f0e-4c7a-9a36-0d8c2a8f2a02");

    @Test
    void flowRunFilterWithEverySubFilter() throws Exception {
        FlowRunFilter f = parse("""
                {'operator': 'or_',
                 'id': {'any_': ['%s'], 'not_any_': ['%s']},
                 'name': {'any_': ['a'], 'like_': 'happy'},
                 'tags': {'operator': 'and_', 'all_': ['db', 'blue'], 'is_null_': false},
                 'deployment_id': {'operator': 'or_', 'any_': ['%s'], 'is_null_': true},
                 'work_queue_name': {'any_': ['wq'], 'is_null_': false},
                 'state': {'operator': 'and_', 'type': {'any_': ['COMPLETED', 'FAILED']}, 'name': {'any_': ['Late']}},
                 'flow_version': {'any_': ['1.0']},
                 'start_time': {'before_': '2024-01-02T03:04:05.123456+00:00', 'after_': '2024-01-01T00:00:00Z', 'is_null_': false},
                 'expected_start_time': {'before_': '2024-01-02T00:00:00+02:00', 'after_': '2024-01-01'},
                 'next_scheduled_start_time': {'before_': '2024-01-02T00:00:00', 'after_': null},
                 'parent_flow_run_id': {'operator': 'and_', 'any_': ['%s']},
                 'parent_task_run_id': {'any_': ['%s'], 'is_null_': false},
                 'idempotency_key': {'any_': ['k1'], 'not_any_': ['k2']}}
                """.formatted(A, B, A, A, B), FlowRunFilter.class);
        assertEquals(Operator.OR, f.operator());
        assertEquals(List.of(A), f.id().any());
        assertEquals(List.of(B), f.id().notAny());
        assertEquals("happy", f.name().like());
        assertEquals(List.of("db", "blue"), f.tags().all());
        assertFalse(f.tags().isNull());
        assertEquals(Operator.OR, f.deploymentId().operator());
        assertTrue(f.deploymentId().isNull());
        assertEquals(List.of("wq"), f.workQueueName().any());
        assertEquals(List.of(StateType.COMPLETED, StateType.FAILED), f.state().type().any());
        assertEquals(List.of("Late"), f.state().name().any());
        assertEquals(List.of("1.0"), f.flowVersion().any());
        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123456000, ZoneOffset.UTC).toInstant(),
                f.startTime().before().toInstant());
        assertEquals(OffsetDateTime.of(2024, 1, 1, 22, 0, 0, 0, ZoneOffset.UTC).toInstant(),
                f.expectedStartTime().before().toInstant());
        assertEquals(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant(),
                f.expectedStartTime().after().toInstant());
        assertEquals(OffsetDateTime.of(2024, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC).toInstant(),
                f.nextScheduledStartTime().before().toInstant());
        assertNull(f.nextScheduledStartTime().after());
        assertEquals(List.of(A), f.parentFlowRunId().any());
        assertEquals(List.of(B), f.parentTaskRunId().any());
        assertEquals(List.of("k2"), f.idempotencyKey().notAny());
    }

    @Test
    void operatorDefaultsToAndEverywhere() throws Exception {
        assertEquals(Operator.AND, parse("{}", FlowRunFilter.class).operator());
        assertEquals(Operator.AND, parse("{'tags': {}}", FlowRunFilter.class).tags().operator());
        assertEquals(Operator.AND, FlowFilter.empty().operator());
        assertEquals(Operator.AND, new TaskRunFilterFlowRunId(null, null, null).operator());
    }

    @Test
    void taskRunFilterWithEverySubFilter() throws Exception {
        TaskRunFilter f = parse("""
                {'id': {'any_': ['%s']}, 'name': {'any_': ['t'], 'like_': '2a'},
                 'tags': {'all_': ['x'], 'is_null_': true},
                 'state': {'type': {'any_': ['RUNNING']}, 'name': {'any_': ['Running']}},
                 'start_time': {'before_': '2024-01-01T00:00:00Z', 'after_': '2023-01-01T00:00:00Z', 'is_null_': true},
                 'subflow_runs': {'exists_': true},
                 'flow_run_id': {'operator': 'or_', 'any_': ['%s'], 'is_null_': true}}
                """.formatted(A, B), TaskRunFilter.class);
        assertEquals(List.of(A), f.id().any());
        assertEquals("2a", f.name().like());
        assertTrue(f.tags().isNull());
        assertEquals(List.of(StateType.RUNNING), f.state().type().any());
        assertTrue(f.subflowRuns().exists());
        assertTrue(f.flowRunId().isNull());
        assertEquals(Operator.OR, f.flowRunId().operator());
    }

    @Test
    void taskRunFlowRunIdIsNullDefaultsToFalseAndRejectsNull() throws Exception {
        assertFalse(parse("{'any_': []}", TaskRunFilterFlowRunId.class).isNull());
        ValidationException.Error e = rejection("{'is_null_': null}", TaskRunFilterFlowRunId.class);
        assertEquals(List.of("body", "flow_runs", "is_null_"), e.loc());
        assertEquals("type_error.none.not_allowed", e.type());
    }

    @Test
    void flowDeploymentAndWorkFilters() throws Exception {
        FlowFilter flow = parse("{'operator': 'or_', 'id': {'any_': ['%s']}, 'deployment': {'is_null_': true},"
                .formatted(A) + " 'name': {'any_': ['f-1'], 'like_': 'f'}, 'tags': {'all_': ['db'], 'is_null_': false}}",
                FlowFilter.class);
        assertTrue(flow.deployment().isNull());
        assertEquals("f", flow.name().like());
        DeploymentFilter d = parse("{'id': {'any_': ['%s']}, 'name': {'like_': 'd-1'},".formatted(A)
                + " 'is_schedule_active': {'eq_': false}, 'tags': {'all_': []}, 'work_queue_name': {'any_': ['q']}}",
                DeploymentFilter.class);
        assertFalse(d.isScheduleActive().eq());
        assertEquals(List.of(), d.tags().all());
        WorkPoolFilter wp = parse("{'id': {'any_': ['%s']}, 'name': {'any_': ['Test Pool']}, 'type': {'any_': ['process']}}"
                .formatted(A), WorkPoolFilter.class);
        assertEquals(List.of("process"), wp.type().any());
        WorkQueueFilter wq = parse("{'id': {'any_': []}, 'name': {'any_': ['default'], 'startswith_': ['def', 'Q']}}",
                WorkQueueFilter.class);
        assertEquals(List.of("def", "Q"), wq.name().startswith());
        WorkerFilter w = parse("{'last_heartbeat_time': {'after_': '2024-01-01T00:00:00Z'}}", WorkerFilter.class);
        assertEquals(2024, w.lastHeartbeatTime().after().getYear());
    }

    @Test
    void serialisesWithPrefectFieldNames() throws Exception {
        FlowRunFilter f = FlowRunFilter.empty()
                .withId(new FlowRunFilterId(List.of(A), null))
                .withState(FlowRunFilterState.empty().withOperator(Operator.OR)
                        .withType(new FlowRunFilterStateType(List.of(StateType.SCHEDULED))))
                .withDeploymentId(new FlowRunFilterDeploymentId(null, null, true))
                .withNextScheduledStartTime(new FlowRunFilterNextScheduledStartTime(
                        OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), null));
        JsonNode json = MAPPER.valueToTree(f);
        assertEquals("and_", json.get("operator").asText());
        assertEquals(A.toString(), json.get("id").get("any_").get(0).asText());
        assertTrue(json.get("id").has("not_any_"));
        assertEquals("or_", json.get("state").get("operator").asText());
        assertEquals("SCHEDULED", json.get("state").get("type").get("any_").get(0).asText());
        assertTrue(json.get("deployment_id").get("is_null_").asBoolean());
        assertEquals("2024-01-01T00:00:00+00:00", json.get("next_scheduled_start_time").get("before_").asText());
        assertTrue(json.has("parent_flow_run_id"));
        assertTrue(json.has("work_queue_name"));
        assertEquals(f, MAPPER.treeToValue(json, FlowRunFilter.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'nope': 1}",
        "{'id': {'all_': []}}",
        "{'state': {'type': {'any_': ['COMPLETED'], 'like_': 'x'}}}",
        "{'id': {'operator': 'and_'}}", // FlowRunFilterId has no operator in Prefect
        "{'start_time': {'eq_': '2024-01-01T00:00:00Z'}}",
        "{'end_time': {}}"})
    void rejectsUnknownFields(String json) {
        ValidationException.Error e = rejection(json, FlowRunFilter.class);
        assertEquals("value_error.extra", e.type());
        assertEquals("extra fields not permitted", e.msg());
    }

    @Test
    void unknownFieldLocationEndsWithTheFieldName() {
        ValidationException.Error e = rejection("{'state': {'type': {'like_': 'x'}}}", FlowRunFilter.class);
        assertEquals(List.of("body", "flow_runs", "state", "type", "like_"), e.loc());
    }

    @Test
    void rejectsBadEnumValues() {
        ValidationException.Error e = rejection("{'state': {'type': {'any_': ['DONE']}}}", FlowRunFilter.class);
        assertEquals("type_error.enum", e.type());
        assertEquals(List.of("body", "flow_runs", "state", "type", "any_", 0), e.loc());
        assertTrue(e.msg().startsWith("value is not a valid enumeration member; permitted: 'SCHEDULED', 'PENDING'"));
        assertEquals("type_error.enum", rejection("{'state': {'type': {'any_': ['completed']}}}", FlowRunFilter.class).type());
        assertEquals("type_error.enum", rejection("{'state': {'type': {'any_': [0]}}}", FlowRunFilter.class).type());
        ValidationException.Error op = rejection("{'operator': 'AND'}", FlowRunFilter.class);
        assertEquals("type_error.enum", op.type());
        assertEquals("value is not a valid enumeration member; permitted: 'and_', 'or_'", op.msg());
        assertEquals(List.of("and_", "or_"), op.ctx().get("enum_values"));
        assertEquals("type_error.enum", rejection("{'operator': 0}", FlowRunFilter.class).type());
        assertEquals("type_error.none.not_allowed", rejection("{'operator': null}", FlowRunFilter.class).type());
    }

    @Test
    void rejectsBadTypes() {
        assertEquals("type_error.uuid", rejection("{'id': {'any_': ['not-a-uuid']}}", FlowRunFilter.class).type());
        assertEquals("type_error.uuid", rejection("{'id': {'any_': [12]}}", FlowRunFilter.class).type());
        assertEquals("type_error.list", rejection("{'id': {'any_': '%s'}}".formatted(A), FlowRunFilter.class).type());
        assertEquals("type_error.list", rejection("{'tags': {'all_': 'db'}}", FlowRunFilter.class).type());
        assertEquals("type_error.dict", rejection("{'tags': ['db']}", FlowRunFilter.class).type());
        assertEquals("type_error.dict", rejection("{'tags': 'db'}", FlowRunFilter.class).type());
        assertEquals("type_error.bool", rejection("{'tags': {'is_null_': 'maybe'}}", FlowRunFilter.class).type());
        assertEquals("type_error.str", rejection("{'name': {'like_': {'a': 1}}}", FlowRunFilter.class).type());
        assertEquals("type_error.none.not_allowed", rejection("{'tags': {'all_': [null]}}", FlowRunFilter.class).type());
        assertEquals("type_error.none.not_allowed", rejection("{'id': {'any_': [null]}}", FlowRunFilter.class).type());
        ValidationException.Error time = rejection("{'start_time': {'before_': 'yesterday'}}", FlowRunFilter.class);
        assertEquals(List.of("body", "flow_runs", "start_time", "before_"), time.loc());
        assertEquals("value_error.datetime", time.type());
        assertEquals("Unrecognized datetime.",
                rejection("{'start_time': {'after_': []}}", FlowRunFilter.class).msg());
    }

    @Test
    void acceptsNullsWherePrefectHasOptionalFields() throws Exception {
        FlowRunFilter f = parse("{'id': null, 'tags': {'all_': null, 'is_null_': null}}", FlowRunFilter.class);
        assertNull(f.id());
        assertNull(f.tags().all());
        assertNull(f.tags().isNull());
    }

    @Test
    void onlyFiltersOnId() throws Exception {
        assertTrue(parse("{'id': {'any_': ['%s']}}".formatted(A), FlowRunFilter.class).onlyFiltersOnId());
        assertTrue(parse("{'id': {'any_': ['%s'], 'not_any_': []}}".formatted(A), FlowRunFilter.class).onlyFiltersOnId());
        assertFalse(parse("{'id': {'any_': []}}", FlowRunFilter.class).onlyFiltersOnId());
        assertFalse(parse("{'id': {'any_': ['%s'], 'not_any_': ['%s']}}".formatted(A, B), FlowRunFilter.class)
                .onlyFiltersOnId());
        assertFalse(parse("{'id': {'any_': ['%s']}, 'name': {}}".formatted(A), FlowRunFilter.class).onlyFiltersOnId());
        assertFalse(parse("{}", FlowRunFilter.class).onlyFiltersOnId());
    }

    @Test
    void malformedJsonBecomesAJsonDecodeError() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> MAPPER.readValue("{\"id\": ", FlowRunFilter.class));
        assertEquals("value_error.jsondecode", ValidationException.from(e, "body").errors().get(0).type());
    }
}
