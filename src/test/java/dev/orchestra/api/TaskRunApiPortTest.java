package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.any;
import static dev.orchestra.api.PortFixtures.deployment;
import static dev.orchestra.api.PortFixtures.filterTaskRuns;
import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.flowRun;
import static dev.orchestra.api.PortFixtures.forceTaskState;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.now;
import static dev.orchestra.api.PortFixtures.postTaskRun;
import static dev.orchestra.api.PortFixtures.setFlowState;
import static dev.orchestra.api.PortFixtures.setTaskState;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.statelessFlowRun;
import static dev.orchestra.api.PortFixtures.statelessTaskRun;
import static dev.orchestra.api.PortFixtures.taskRun;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.schemas.sorting.TaskRunSort;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Route-by-route port of Prefect 2.14.21's {@code tests/server/api/test_task_runs.py} and of the behaviours of
 * {@code tests/server/models/test_task_runs.py} that show through the API. Test names follow Prefect's. Every
 * query is scoped to the test's own flow runs.
 */
@QuarkusTest
class TaskRunApiPortTest {

    static Map<String, Object> ofFlowRuns(String... ids) {
        return json("flow_runs", Map.of("id", any((Object[]) ids)));
    }

    static Map<String, Object> with(Map<String, Object> base, Object... keysAndValues) {
        Map<String, Object> out = new HashMap<>(base);
        out.putAll(json(keysAndValues));
        return out;
    }

    // ------------------------------------------------------------------ TestCreateTaskRun

    @Test
    void createTaskRun() {
        String flowRunId = statelessFlowRun(flow());
        String id = postTaskRun(json("flow_run_id", flowRunId, "task_key", "my-task-key", "name",
                "my-cool-task-run-name", "dynamic_key", "0")).statusCode(201).body("flow_run_id", equalTo(flowRunId))
                .body("id", notNullValue()).body("name", equalTo("my-cool-task-run-name"))
                .body("task_key", equalTo("my-task-key")).body("dynamic_key", equalTo("0"))
                .body("state.type", equalTo("PENDING")).body("run_count", equalTo(0))
                .body("flow_run_run_count", equalTo(0)).body("task_inputs", equalTo(Map.of()))
                .body("empirical_policy.retries", nullValue()).body("empirical_policy.retry_delay", nullValue())
                .body("empirical_policy.max_retries", equalTo(0)).extract().path("id");
        given().get("/api/task_runs/{id}", id).then().body("flow_run_id", equalTo(flowRunId));
    }

    @Test
    void createTaskRunGracefullyUpserts() {
        Map<String, Object> body = json("flow_run_id", statelessFlowRun(flow()), "task_key", "my-task-key",
                "dynamic_key", "my-dynamic-key");
        String id = postTaskRun(body).statusCode(201).extract().path("id");
        postTaskRun(body).statusCode(200).body("id", equalTo(id));
    }

    @Test
    void createTaskRunWithoutFlowRunId() {
        String key = unique("my-task-key");
        Map<String, Object> body = json("flow_run_id", null, "task_key", key, "name", "my-cool-task-run-name",
                "dynamic_key", "0");
        String id = postTaskRun(body).statusCode(201).body("flow_run_id", nullValue()).body("id", notNullValue())
                .body("name", equalTo("my-cool-task-run-name")).extract().path("id");
        given().get("/api/task_runs/{id}", id).then().body("flow_run_id", nullValue());
        postTaskRun(body).statusCode(200).body("id", equalTo(id));
    }

    @Test
    void createTaskRunWithoutState() {
        String id = taskRun(statelessFlowRun(flow()));
        given().get("/api/task_runs/{id}", id).then().body("id", equalTo(id)).body("state.type", equalTo("PENDING"));
    }

    @Test
    void createTaskRunWithState() {
        String id = taskRun(statelessFlowRun(flow()), "state", Map.of("type", "RUNNING"));
        given().get("/api/task_runs/{id}", id).then().body("state.type", equalTo("RUNNING"))
                .body("run_count", equalTo(1)).body("start_time", notNullValue());
    }

    @Test
    void createTaskRunWithStateIgnoresClientProvidedTimestamp() {
        String id = taskRun(statelessFlowRun(flow()), "task_key", "a", "state",
                Map.of("type", "COMPLETED", "timestamp", now().plusMonths(1).toString()));
        String timestamp = given().get("/api/task_runs/{id}", id).then().extract().path("state.timestamp");
        assertTrue(OffsetDateTime.parse(timestamp).isBefore(OffsetDateTime.now()), "the timestamp was overwritten");
    }

    @Test
    void raisesOnRetryDelayValidation() {
        postTaskRun(json("flow_run_id", statelessFlowRun(flow()), "task_key", "my-task-key", "name",
                "my-cool-task-run-name", "dynamic_key", "0", "empirical_policy",
                Map.of("retries", 3, "retry_delay", IntStream.range(0, 100).boxed().toList()))).statusCode(422)
                .body("exception_detail[0].msg", equalTo("Can not configure more than 50 retry delays per task."))
                .body("exception_detail[0].loc", equalTo(List.of("body", "empirical_policy", "retry_delay")))
                .body("exception_detail[0].type", equalTo("value_error"));
    }

    @Test
    void raisesOnJitterFactorValidation() {
        postTaskRun(json("flow_run_id", statelessFlowRun(flow()), "task_key", "my-task-key", "name",
                "my-cool-task-run-name", "dynamic_key", "0", "empirical_policy",
                Map.of("retries", 3, "retry_jitter_factor", -100))).statusCode(422)
                .body("exception_detail[0].msg", equalTo("`retry_jitter_factor` must be >= 0."))
                .body("exception_detail[0].loc", equalTo(List.of("body", "empirical_policy", "retry_jitter_factor")))
                .body("exception_detail[0].type", equalTo("value_error"));
    }

    /** retry_delay is a number of seconds or a list of them: anything else is a 422. */
    @Test
    void retryDelayOfTheWrongShapeIs422() {
        String flowRunId = statelessFlowRun(flow());
        postTaskRun(json("flow_run_id", flowRunId, "task_key", unique("k"), "dynamic_key", "0", "empirical_policy",
                Map.of("retry_delay", "soon"))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "empirical_policy", "retry_delay")));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", unique("k"), "dynamic_key", "0", "empirical_policy",
                Map.of("retry_delay", List.of(1, "x")))).statusCode(422);
        postTaskRun(json("flow_run_id", flowRunId, "task_key", unique("k"), "dynamic_key", "0", "empirical_policy",
                Map.of("retry_delay", List.of(1, 2, 3)))).statusCode(201)
                .body("empirical_policy.retry_delay", equalTo(List.of(1, 2, 3)));
    }

    /** core.TaskRun's cache key validator (PREFECT_API_TASK_CACHE_KEY_MAX_LENGTH, 2000). */
    @Test
    void cacheKeyLongerThanTheMaximumIs422() {
        String flowRunId = statelessFlowRun(flow());
        postTaskRun(json("flow_run_id", flowRunId, "task_key", unique("k"), "dynamic_key", "0", "cache_key",
                "x".repeat(2001))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "cache_key")))
                .body("exception_detail[0].msg",
                        equalTo("Cache key exceeded maximum allowed length of 2000 characters."));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", unique("k"), "dynamic_key", "0", "cache_key",
                "x".repeat(2000))).statusCode(201);
    }

    /** models: the run found by its keys keeps its own state; the proposed one is not applied. */
    @Test
    void createTaskRunWithStateAndDynamicKey() {
        String flowRunId = statelessFlowRun(flow());
        String id = postTaskRun(json("flow_run_id", flowRunId, "task_key", "my-key", "dynamic_key", "TB12", "state",
                Map.of("type", "SCHEDULED", "name", "My Scheduled State"))).statusCode(201).extract().path("id");
        String stateId = given().get("/api/task_runs/{id}", id).then().extract().path("state_id");
        postTaskRun(json("flow_run_id", flowRunId, "task_key", "my-key", "dynamic_key", "TB12", "state",
                Map.of("type", "RUNNING", "name", "My Running State"))).statusCode(200).body("id", equalTo(id))
                .body("state.id", equalTo(stateId)).body("state.name", equalTo("My Scheduled State"));
    }

    /** models: task inputs come back as written (task run results, parameters, constants, empty lists). */
    @Test
    void createTaskRunTaskInputs() {
        String flowRunId = statelessFlowRun(flow());
        String id1 = UUID.randomUUID().toString();
        String id2 = UUID.randomUUID().toString();
        Map<String, Object> inputs = Map.of(
                "x", List.of(Map.of("input_type", "task_run", "id", id1)),
                "y", List.of(),
                "z", List.of(Map.of("input_type", "task_run", "id", id1), Map.of("input_type", "task_run", "id", id2)),
                "p", List.of(Map.of("input_type", "parameter", "name", "n")),
                "c", List.of(Map.of("input_type", "constant", "type", "int")));
        String id = taskRun(flowRunId, "task_inputs", inputs);
        given().get("/api/task_runs/{id}", id).then().body("task_inputs", equalTo(inputs));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", unique("k"), "dynamic_key", "0", "task_inputs",
                Map.of("x", List.of(Map.of("input_type", "nonsense"))))).statusCode(422);
        postTaskRun(json("flow_run_id", flowRunId, "task_key", unique("k"), "dynamic_key", "0", "task_inputs",
                Map.of("x", List.of(Map.of("input_type", "task_run", "id", "not-a-uuid"))))).statusCode(422);
    }

    @Test
    void createTaskRunBadInput() {
        String flowRunId = statelessFlowRun(flow());
        postTaskRun(json("flow_run_id", flowRunId, "dynamic_key", "0")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "task_key")))
                .body("exception_detail[0].msg", equalTo("field required"))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", "k")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "dynamic_key")));
        postTaskRun(json("flow_run_id", "nope", "task_key", "k", "dynamic_key", "0")).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "flow_run_id")))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", "k", "dynamic_key", "0", "id",
                UUID.randomUUID().toString())).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "id")))
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", "k", "dynamic_key", "0", "cache_expiration",
                "whenever")).statusCode(422).body("exception_detail[0].loc",
                equalTo(List.of("body", "cache_expiration")));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", "k", "dynamic_key", "0", "state",
                Map.of("type", "DONE"))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "type")))
                .body("exception_detail[0].type", equalTo("type_error.enum"));
        postTaskRun(json("flow_run_id", flowRunId, "task_key", "k", "dynamic_key", "0", "tags", "red"))
                .statusCode(422).body("exception_detail[0].type", equalTo("type_error.list"));
        // a task run of a flow run that does not exist breaks the foreign key
        postTaskRun(json("flow_run_id", UUID.randomUUID().toString(), "task_key", "k", "dynamic_key", "0"))
                .statusCode(409);
        given().contentType(ContentType.JSON).body("[]").post("/api/task_runs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body")));
        given().post("/api/task_runs/").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body")))
                .body("exception_detail[0].type", equalTo("value_error.missing"));
    }

    // ------------------------------------------------------------------ TestReadTaskRun

    @Test
    void readTaskRun() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        given().get("/api/task_runs/{id}", id).then().statusCode(200).body("id", equalTo(id))
                .body("flow_run_id", equalTo(flowRunId)).body("state", nullValue());
        given().get("/api/task_runs/{id}", id.replace("-", "")).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void readTaskRunWithState() {
        String id = statelessTaskRun(statelessFlowRun(flow()));
        String stateId = forceTaskState(id, Map.of("type", "RUNNING")).statusCode(201).extract().path("state.id");
        given().get("/api/task_runs/{id}", id).then().body("state.type", equalTo("RUNNING"))
                .body("state.id", equalTo(stateId));
    }

    @Test
    void readTaskRunReturns404IfDoesNotExist() {
        given().get("/api/task_runs/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Task not found"));
        given().get("/api/task_runs/{id}", "THISAINTIT").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
    }

    // ------------------------------------------------------------------ TestReadTaskRuns

    @Test
    void readTaskRuns() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        filterTaskRuns(ofFlowRuns(flowRunId)).statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id))
                .body("[0].flow_run_id", equalTo(flowRunId));
    }

    @Test
    void readTaskRunsAppliesTaskRunFilter() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        filterTaskRuns(json("task_runs", Map.of("id", any(id)))).statusCode(200).body("id", equalTo(List.of(id)))
                .body("[0].flow_run_id", equalTo(flowRunId));
        filterTaskRuns(json("task_runs", Map.of("id", any(UUID.randomUUID().toString())))).statusCode(200)
                .body("$", equalTo(List.of()));
    }

    @Test
    void readTaskRunsAppliesFlowRunFilter() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        filterTaskRuns(ofFlowRuns(flowRunId)).statusCode(200).body("id", equalTo(List.of(id)));
        filterTaskRuns(ofFlowRuns(UUID.randomUUID().toString())).statusCode(200).body("$", equalTo(List.of()));
    }

    @Test
    void readTaskRunsAppliesFlowFilter() {
        String flowId = flow();
        String id = statelessTaskRun(statelessFlowRun(flowId));
        filterTaskRuns(json("flows", Map.of("id", any(flowId)))).statusCode(200).body("id", equalTo(List.of(id)));
        filterTaskRuns(json("flows", Map.of("id", any(UUID.randomUUID().toString())))).statusCode(200)
                .body("$", equalTo(List.of()));
    }

    @Test
    void readTaskRunsAppliesSort() {
        String flowRunId = statelessFlowRun(flow());
        OffsetDateTime now = now();
        String tr1 = taskRun(flowRunId, "name", "Task Run 1", "task_key", "my-key", "dynamic_key", "0");
        String tr2 = taskRun(flowRunId, "name", "Task Run 2", "task_key", "my-key", "dynamic_key", "1");
        sql("UPDATE task_run SET expected_start_time = ? WHERE id = ?", now.minusMinutes(5), tr1);
        sql("UPDATE task_run SET expected_start_time = ? WHERE id = ?", now.plusMinutes(5), tr2);
        Map<String, Object> scope = ofFlowRuns(flowRunId);
        filterTaskRuns(with(scope, "limit", 1, "sort", "EXPECTED_START_TIME_DESC")).body("[0].id", equalTo(tr2));
        filterTaskRuns(with(scope, "limit", 1, "offset", 1, "sort", "EXPECTED_START_TIME_DESC"))
                .body("[0].id", equalTo(tr1));
        filterTaskRuns(with(scope, "limit", 1, "sort", "EXPECTED_START_TIME_ASC")).body("[0].id", equalTo(tr1));
        filterTaskRuns(with(scope, "limit", 1, "sort", "NAME_ASC")).body("[0].id", equalTo(tr1));
        filterTaskRuns(with(scope, "limit", 1, "sort", "NAME_DESC")).body("[0].id", equalTo(tr2));
        String[] byIdDesc = tr1.compareTo(tr2) > 0 ? new String[] {tr1, tr2} : new String[] {tr2, tr1};
        filterTaskRuns(scope).body("id", equalTo(List.of(byIdDesc)));
    }

    @ParameterizedTest
    @EnumSource(TaskRunSort.class)
    void readTaskRunsSucceedsForAllSortValues(TaskRunSort sort) {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        filterTaskRuns(with(ofFlowRuns(flowRunId), "sort", sort.name())).statusCode(200)
                .body("id", equalTo(List.of(id)));
    }

    @Test
    void readTaskRunsAppliesLimitAndOffset() {
        String flowRunId = statelessFlowRun(flow());
        String tr1 = taskRun(flowRunId, "task_key", "my-key", "dynamic_key", "0");
        String tr2 = taskRun(flowRunId, "task_key", "my-key-2", "dynamic_key", "0");
        Map<String, Object> scope = ofFlowRuns(flowRunId);
        filterTaskRuns(with(scope, "limit", 1)).body("$", hasSize(1));
        String first = filterTaskRuns(with(scope, "limit", 1, "offset", 0)).extract().path("[0].id");
        String second = filterTaskRuns(with(scope, "limit", 1, "offset", 1)).extract().path("[0].id");
        assertEquals(Set.of(tr1, tr2), Set.of(first, second));
        filterTaskRuns(with(scope, "offset", 2)).body("$", hasSize(0));
        given().contentType(ContentType.JSON).body(scope).post("/api/task_runs/count").then().statusCode(200)
                .body(equalTo("2"));
    }

    // ------------------------------------------------------------------ models: TestReadTaskRuns filters

    @Test
    void readTaskRunsFiltersByTaskRunNames() {
        String flowRunId = statelessFlowRun(flow());
        taskRun(flowRunId, "name", "your task run");
        String tr2 = taskRun(flowRunId, "name", "my task run");
        Map<String, Object> scope = ofFlowRuns(flowRunId);
        filterTaskRuns(with(scope, "task_runs", Map.of("name", any("my task run")))).body("id", equalTo(List.of(tr2)));
        filterTaskRuns(with(scope, "task_runs", Map.of("name", any("not my task run")))).body("$", hasSize(0));
    }

    @Test
    void readTaskRunsFiltersByTaskRunTags() {
        String flowRunId = statelessFlowRun(flow());
        String tr1 = taskRun(flowRunId, "tags", List.of("db", "blue"));
        String tr2 = taskRun(flowRunId, "tags", List.of("db"));
        String tr3 = taskRun(flowRunId);
        Map<String, Object> scope = ofFlowRuns(flowRunId);
        filterTaskRuns(with(scope, "task_runs", Map.of("tags", Map.of("all_", List.of("db", "blue")))))
                .body("id", containsInAnyOrder(tr1));
        filterTaskRuns(with(scope, "task_runs", Map.of("tags", Map.of("all_", List.of("db")))))
                .body("id", containsInAnyOrder(tr1, tr2));
        filterTaskRuns(with(scope, "task_runs", Map.of("tags", Map.of("all_", List.of("green"))))).body("$",
                hasSize(0));
        filterTaskRuns(with(scope, "task_runs", Map.of("tags", Map.of("is_null_", true))))
                .body("id", containsInAnyOrder(tr3));
        filterTaskRuns(with(scope, "task_runs", Map.of("tags", Map.of("is_null_", false))))
                .body("id", containsInAnyOrder(tr1, tr2));
    }

    @Test
    void readTaskRunsFiltersByTaskRunStatesAny() {
        String flowRunId = statelessFlowRun(flow());
        String tr1 = taskRun(flowRunId, "state", Map.of("type", "SCHEDULED"));
        String tr2 = taskRun(flowRunId, "state", Map.of("type", "COMPLETED"));
        Map<String, Object> scope = ofFlowRuns(flowRunId);
        filterTaskRuns(with(scope, "task_runs", Map.of("state", Map.of("type", any("SCHEDULED")))))
                .body("id", containsInAnyOrder(tr1));
        filterTaskRuns(with(scope, "task_runs", Map.of("state", Map.of("type", any("SCHEDULED", "COMPLETED")))))
                .body("id", containsInAnyOrder(tr1, tr2));
        filterTaskRuns(with(scope, "task_runs", Map.of("state", Map.of("type", any("RUNNING"))))).body("$",
                hasSize(0));
        filterTaskRuns(with(scope, "task_runs", Map.of("state", Map.of("name", any("Completed")))))
                .body("id", containsInAnyOrder(tr2));
    }

    @Test
    void readTaskRunsFiltersByTaskRunStartTime() {
        String flowRunId = statelessFlowRun(flow());
        OffsetDateTime now = now();
        String tr1 = taskRun(flowRunId, "state", Map.of("type", "COMPLETED"));
        String tr2 = taskRun(flowRunId, "state", Map.of("type", "COMPLETED"));
        String tr3 = taskRun(flowRunId, "state", Map.of("type", "COMPLETED"));
        sql("UPDATE task_run SET start_time = ? WHERE id = ?", now.minusMinutes(1), tr1);
        sql("UPDATE task_run SET start_time = ? WHERE id = ?", now.plusMinutes(1), tr2);
        Map<String, Object> scope = ofFlowRuns(flowRunId);
        filterTaskRuns(with(scope, "task_runs", Map.of("start_time", Map.of("before_", now.toString()))))
                .body("id", containsInAnyOrder(tr1));
        filterTaskRuns(with(scope, "task_runs", Map.of("start_time", Map.of("before_",
                now.plusMinutes(10).toString())))).body("id", containsInAnyOrder(tr1, tr2));
        filterTaskRuns(with(scope, "task_runs", Map.of("start_time", Map.of("after_", now.toString()))))
                .body("id", containsInAnyOrder(tr2));
        filterTaskRuns(with(scope, "task_runs", Map.of("start_time", Map.of("after_",
                now.minusMinutes(10).toString())))).body("id", containsInAnyOrder(tr1, tr2));
        filterTaskRuns(with(scope, "task_runs", Map.of("start_time", Map.of("before_", now.toString(), "after_",
                now.minusMinutes(10).toString())))).body("id", containsInAnyOrder(tr1));
        filterTaskRuns(with(scope, "task_runs", Map.of("start_time", Map.of("is_null_", true))))
                .body("id", containsInAnyOrder(tr3));
        filterTaskRuns(with(scope, "task_runs", Map.of("start_time", Map.of("is_null_", false))))
                .body("id", containsInAnyOrder(tr1, tr2));
    }

    @Test
    void readTaskRunsFiltersByFlowRunCriteria() {
        String flowId = flow();
        String fr1 = statelessFlowRun(flowId);
        String fr2 = statelessFlowRun(flowId);
        String tr1 = taskRun(fr1);
        String tr2 = taskRun(fr1);
        taskRun(fr2);
        filterTaskRuns(ofFlowRuns(fr1)).body("id", containsInAnyOrder(tr1, tr2));
        filterTaskRuns(ofFlowRuns(UUID.randomUUID().toString())).body("$", hasSize(0));
    }

    @Test
    void readTaskRunsFiltersByDeploymentCriteria() {
        String flowId = flow();
        String deploymentId = deployment(flowId);
        String fr = flowRun("flow_id", flowId, "deployment_id", deploymentId);
        String tr = taskRun(fr);
        filterTaskRuns(json("deployments", Map.of("id", any(deploymentId)))).body("id", containsInAnyOrder(tr));
        filterTaskRuns(json("deployments", Map.of("id", any(UUID.randomUUID().toString())))).body("$", hasSize(0));
    }

    @Test
    void readTaskRunsFiltersByFlowAndFlowRunCriteria() {
        String flowId = flow();
        String fr1 = statelessFlowRun(flowId);
        String tr1 = taskRun(fr1);
        taskRun(statelessFlowRun(flowId));
        filterTaskRuns(json("flows", Map.of("id", any(flowId)), "flow_runs", Map.of("id", any(fr1))))
                .body("id", containsInAnyOrder(tr1));
        filterTaskRuns(json("flows", Map.of("id", any(UUID.randomUUID().toString())), "flow_runs",
                Map.of("id", any(fr1)))).body("$", hasSize(0));
    }

    /** task runs of subflows: {@code subflow_runs.exists_} picks the task runs that stand for a subflow run. */
    @Test
    void readTaskRunsFiltersBySubflowRuns() {
        String flowId = flow();
        String parent = statelessFlowRun(flowId);
        String plain = taskRun(parent);
        String wrapper = taskRun(parent);
        flowRun("flow_id", flowId, "parent_task_run_id", wrapper);
        Map<String, Object> scope = ofFlowRuns(parent);
        filterTaskRuns(with(scope, "task_runs", Map.of("subflow_runs", Map.of("exists_", true))))
                .body("id", containsInAnyOrder(wrapper));
        filterTaskRuns(with(scope, "task_runs", Map.of("subflow_runs", Map.of("exists_", false))))
                .body("id", containsInAnyOrder(plain));
    }

    // ------------------------------------------------------------------ TestUpdateTaskRun (route)

    @Test
    void updateTaskRun() {
        String id = taskRun(statelessFlowRun(flow()), "name", "before");
        given().contentType(ContentType.JSON).body(Map.of("name", "after")).patch("/api/task_runs/{id}", id).then()
                .statusCode(204);
        given().get("/api/task_runs/{id}", id).then().body("name", equalTo("after"));
        given().contentType(ContentType.JSON).body(Map.of()).patch("/api/task_runs/{id}", id).then().statusCode(204);
        given().get("/api/task_runs/{id}", id).then().body("name", equalTo("after"));
        // the name validator: null becomes a generated slug
        given().contentType(ContentType.JSON).body(json("name", null)).patch("/api/task_runs/{id}", id).then()
                .statusCode(204);
        given().get("/api/task_runs/{id}", id).then().body("name", matchesPattern("[a-z]+-[a-z]+"));
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).patch("/api/task_runs/{id}", UUID.randomUUID())
                .then().statusCode(404).body("detail", equalTo("Task run not found"));
        given().contentType(ContentType.JSON).body(Map.of("tags", List.of("a"))).patch("/api/task_runs/{id}", id)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "tags")))
                .body("exception_detail[0].type", equalTo("value_error.extra"));
    }

    // ------------------------------------------------------------------ TestDeleteTaskRuns

    @Test
    void deleteTaskRuns() {
        String id = statelessTaskRun(statelessFlowRun(flow()));
        given().delete("/api/task_runs/{id}", id).then().statusCode(204);
        given().get("/api/task_runs/{id}", id).then().statusCode(404);
    }

    @Test
    void deleteTaskRunReturns404IfDoesNotExist() {
        given().delete("/api/task_runs/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Task not found"));
    }

    @Test
    void deleteTaskRunWithData() {
        String id = taskRun(statelessFlowRun(flow()), "task_key", "my-key", "state", Map.of("type", "COMPLETED",
                "name", "My Running State", "data", Map.of("hello", "world")));
        String stateId = given().get("/api/task_runs/{id}", id).then().body("state.data", equalTo(Map.of("hello",
                "world"))).extract().path("state_id");
        given().delete("/api/task_runs/{id}", id).then().statusCode(204);
        given().get("/api/task_runs/{id}", id).then().statusCode(404);
        given().get("/api/task_run_states/{id}", stateId).then().statusCode(404);
    }

    // ------------------------------------------------------------------ TestSetTaskRunState

    @Test
    void setTaskRunState() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        setFlowState(flowRunId, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(id, Map.of("type", "RUNNING", "name", "Test State")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        given().get("/api/task_runs/{id}", id).then().body("state.type", equalTo("RUNNING"))
                .body("state.name", equalTo("Test State")).body("run_count", equalTo(1));
    }

    @Test
    void setTaskRunStateWithoutFlowRunId() {
        String id = postTaskRun(json("flow_run_id", null, "task_key", unique("my-task-key"), "name",
                "my-cool-task-run-name", "dynamic_key", "0")).statusCode(201).body("flow_run_id", nullValue())
                .extract().path("id");
        setTaskState(id, Map.of("type", "RUNNING", "name", "Test State")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        given().get("/api/task_runs/{id}", id).then().body("state.type", equalTo("RUNNING"))
                .body("state.name", equalTo("Test State")).body("run_count", equalTo(1))
                .body("flow_run_id", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PENDING", "RUNNING"})
    void settingTaskRunStateTwiceWorks(String proposed) {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        setFlowState(flowRunId, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(id, Map.of("type", proposed, "name", "Test State")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
        setTaskState(id, Map.of("type", proposed, "name", "Test State")).statusCode(201)
                .body("status", equalTo("ACCEPT"));
    }

    @Test
    void setTaskRunIgnoresClientProvidedTimestamp() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        setFlowState(flowRunId, Map.of("type", "RUNNING")).statusCode(201);
        String timestamp = setTaskState(id, Map.of("type", "RUNNING", "name", "Test State", "timestamp",
                now().plusMonths(1).toString())).statusCode(201).extract().path("state.timestamp");
        assertTrue(OffsetDateTime.parse(timestamp).isBefore(OffsetDateTime.now()), "the timestamp is overwritten");
    }

    /** The task_run fixture with retries = 1, set RUNNING through the models (no policy). */
    static String runningTaskRunWithOneRetry() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        sql("UPDATE task_run SET empirical_policy = '{\"retries\": 1}'::jsonb WHERE id = ?", id);
        forceTaskState(id, Map.of("type", "RUNNING")).statusCode(201);
        return id;
    }

    @Test
    void failedBecomesAwaitingRetry() {
        String id = runningTaskRunWithOneRetry();
        setTaskState(id, Map.of("type", "FAILED")).statusCode(201).body("status", equalTo("REJECT"))
                .body("state.name", equalTo("AwaitingRetry")).body("state.type", equalTo("SCHEDULED"));
    }

    @Test
    void setTaskRunStateForceSkipsOrchestration() {
        String id = runningTaskRunWithOneRetry();
        forceTaskState(id, Map.of("type", "FAILED")).statusCode(201).body("status", equalTo("ACCEPT"))
                .body("state.type", equalTo("FAILED"));
    }

    @Test
    void setTaskRunStateReturns404OnMissingFlowRun() {
        String flowRunId = statelessFlowRun(flow());
        String id = statelessTaskRun(flowRunId);
        given().delete("/api/flow_runs/{id}", flowRunId).then().statusCode(204);
        setTaskState(id, Map.of("type", "RUNNING", "name", "Test State")).statusCode(404)
                .body("exception_message", equalTo("Task run with id " + id + " not found"));
    }

    @Test
    void setTaskRunStateBadInput() {
        String id = statelessTaskRun(statelessFlowRun(flow()));
        given().contentType(ContentType.JSON).body(Map.of("force", true)).post("/api/task_runs/{id}/set_state", id)
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(List.of("body", "state")));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "running")))
                .post("/api/task_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "type")));
        given().contentType(ContentType.JSON).body(Map.of("state", Map.of("type", "RUNNING", "state_details",
                Map.of("flow_run_id", "x")))).post("/api/task_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "state", "state_details", "flow_run_id")))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
        given().contentType(ContentType.JSON).body("{\"state\": {\"type\": \"RUNNING\"}")
                .post("/api/task_runs/{id}/set_state", id).then().statusCode(422)
                .body("exception_detail[0].type", equalTo("value_error.jsondecode"));
        given().get("/api/task_runs/{id}", id).then().body("state", nullValue());
    }

    /** models TestPreventOrphanedConcurrencySlots: forcing a task out of RUNNING gives its slot back. */
    @Test
    void forceReleasesConcurrency() throws Exception {
        String tag = unique("red");
        given().contentType(ContentType.JSON).body(Map.of("tag", tag, "concurrency_limit", 1))
                .post("/api/concurrency_limits/").then().statusCode(200);
        String flowRunId = statelessFlowRun(flow());
        String tr1 = taskRun(flowRunId, "task_key", "my-key-1", "tags", List.of(tag), "state",
                Map.of("type", "PENDING"));
        String tr2 = taskRun(flowRunId, "task_key", "my-key-2", "dynamic_key", "1", "tags", List.of(tag), "state",
                Map.of("type", "PENDING"));
        setFlowState(flowRunId, Map.of("type", "RUNNING")).statusCode(201);
        setTaskState(tr1, Map.of("type", "RUNNING")).statusCode(201).body("status", equalTo("ACCEPT"));
        // Prefect answers tr2 WAIT, and accepts its next proposal; the slot waiters hold the answer meanwhile
        var held = SlotWaitersTest.proposeRunning(tr2);
        forceTaskState(tr1, Map.of("type", "FAILED")).statusCode(201);
        SlotWaitersTest.admittedSoon(held);
        given().get("/api/concurrency_limits/tag/{tag}", tag).then().body("active_slots", equalTo(List.of(tr2)));
    }

    // ------------------------------------------------------------------ TestTaskRunHistory

    @Test
    void taskRunHistoryIntervalMustBeOneSecondOrLarger() {
        given().contentType(ContentType.JSON).body(Map.of("history_start", now().toString(), "history_end",
                now().plusDays(1).toString(), "history_interval_seconds", 0.9)).post("/api/task_runs/history")
                .then().statusCode(422).body("detail", equalTo("History interval must not be less than 1 second."))
                .body(not(equalTo("")));
    }
}
