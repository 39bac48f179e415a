package dev.orchestra.ui;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Runs, logs and limits made through the public API, as a Prefect client makes them. Names are unique. */
final class UiFixtures {

    private UiFixtures() {
    }

    static Map<String, Object> json(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String now(long plusSeconds) {
        return OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(plusSeconds).toString();
    }

    static String flow(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/api/flows/").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .extract().path("id");
    }

    /** A flow run, scheduled {@code secondsAgo} seconds ago (its expected start), with parameters and tags. */
    static String flowRun(String flowId, String name, long secondsAgo, Map<String, Object> parameters,
            List<String> tags, String parentTaskRunId) {
        Map<String, Object> body = json("flow_id", flowId, "name", name, "parameters", parameters, "tags", tags,
                "state", json("type", "SCHEDULED", "state_details", json("scheduled_time", now(-secondsAgo))));
        if (parentTaskRunId != null) {
            body.put("parent_task_run_id", parentTaskRunId);
        }
        return given().contentType(ContentType.JSON).body(body).when().post("/api/flow_runs/").then()
                .statusCode(201).extract().path("id");
    }

    static String flowRunState(String id, String type, Map<String, Object> extra) {
        Map<String, Object> state = json("type", type);
        if (extra != null) {
            state.putAll(extra);
        }
        return given().contentType(ContentType.JSON).body(json("state", state))
                .when().post("/api/flow_runs/" + id + "/set_state").then().statusCode(201)
                .extract().path("status");
    }

    /** Takes a flow run through the given state types, in order. */
    static void flowRunStates(String id, String... types) {
        for (String t : types) {
            flowRunState(id, t, null);
        }
    }

    /** A task run of the flow run whose inputs are the results of the given upstream task runs. */
    static String taskRun(String flowRunId, String name, List<String> tags, String... upstream) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (String u : upstream) {
            inputs.add(json("input_type", "task_run", "id", u));
        }
        Map<String, Object> body = json("flow_run_id", flowRunId, "name", name, "task_key", name,
                "dynamic_key", "0", "tags", tags, "task_inputs", inputs.isEmpty() ? Map.of() : Map.of("x", inputs),
                "state", json("type", "PENDING"));
        return given().contentType(ContentType.JSON).body(body).when().post("/api/task_runs/").then()
                .statusCode(201).extract().path("id");
    }

    static String taskRunState(String id, String type) {
        return given().contentType(ContentType.JSON).body(json("state", json("type", type)))
                .when().post("/api/task_runs/" + id + "/set_state").then().statusCode(201)
                .extract().path("status");
    }

    static void log(String flowRunId, String taskRunId, int level, String name, String message) {
        given().contentType(ContentType.JSON).body(List.of(json("name", name, "level", level, "message", message,
                "timestamp", now(0), "flow_run_id", flowRunId, "task_run_id", taskRunId)))
                .when().post("/api/logs/").then().statusCode(201);
    }

    /** A work pool with one more queue than its default one, unless the pool exists already. */
    static void workPool(String pool, String queue) {
        if (given().when().get("/api/work_pools/" + pool).then().extract().statusCode() == 404) {
            given().contentType(ContentType.JSON).body(json("name", pool, "type", "process",
                    "description", "Runs flows as local processes")).when().post("/api/work_pools/").then()
                    .statusCode(201);
            given().contentType(ContentType.JSON).body(json("name", queue, "priority", 2, "concurrency_limit", 5))
                    .when().post("/api/work_pools/" + pool + "/queues").then().statusCode(201);
        }
    }

    /** A deployment of the flow on a queue of the pool, with a schedule. */
    static String deployment(String flowId, String name, String pool, String queue, Map<String, Object> schedule) {
        return given().contentType(ContentType.JSON).body(json("name", name, "flow_id", flowId, "work_pool_name", pool,
                "work_queue_name", queue, "schedule", schedule, "tags", List.of("prod"),
                "parameters", Map.of("region", "eu-west-1"), "entrypoint", "flows/etl.py:etl"))
                .when().post("/api/deployments/").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .extract().path("id");
    }

    /** A tag limit with every slot free (an existing one is emptied). */
    static void concurrencyLimit(String tag, int limit) {
        given().contentType(ContentType.JSON).body(json("tag", tag, "concurrency_limit", limit))
                .when().post("/api/concurrency_limits/").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of()).when()
                .post("/api/concurrency_limits/tag/" + tag + "/reset").then().statusCode(200);
    }

    static List<String> activeSlots(String tag) {
        return given().when().get("/api/concurrency_limits/tag/" + tag).then().statusCode(200).extract()
                .path("active_slots");
    }

    static String stateOf(String flowRunId) {
        return given().when().get("/api/flow_runs/" + flowRunId).then().statusCode(200).extract()
                .path("state.type");
    }
}
