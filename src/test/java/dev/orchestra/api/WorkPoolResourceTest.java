package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ports of Prefect's tests/server/api/test_workers.py for pools, their queues and worker heartbeats. */
@QuarkusTest
class WorkPoolResourceTest {

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    static ValidatableResponse patch(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().patch(path).then();
    }

    static Map<String, Object> createPool(String name) {
        return post("/api/work_pools/", Map.of("name", name, "type", "test")).statusCode(201).extract().jsonPath()
                .getMap("");
    }

    static final Map<String, Object> TEMPLATE = Map.of(
            "job_configuration", Map.of("command", "{{ command }}"),
            "variables", Map.of("properties", Map.of("command", Map.of("type", "array", "title", "Command",
                    "items", Map.of("type", "string"), "default", List.of("echo", "hello"))), "required", List.of()));

    @Test
    void createWorkPoolWithItsDefaultQueue() {
        String name = unique("Pool 1");
        Map<String, Object> pool = createPool(name);
        given().when().get("/api/work_pools/{name}", name).then().statusCode(200)
                .body("id", equalTo(pool.get("id")))
                .body("name", equalTo(name))
                .body("description", nullValue())
                .body("type", equalTo("test"))
                .body("base_job_template", equalTo(Map.of()))
                .body("is_paused", equalTo(false))
                .body("concurrency_limit", nullValue())
                .body("default_queue_id", notNullValue())
                .body("status", equalTo("NOT_READY"));
        given().when().get("/api/work_pools/{name}/queues/default", name).then().statusCode(200)
                .body("id", equalTo(pool.get("default_queue_id")))
                .body("priority", equalTo(1))
                .body("description", equalTo("The work pool's default queue."))
                .body("work_pool_id", equalTo(pool.get("id")))
                .body("work_pool_name", equalTo(name))
                .body("status", equalTo("NOT_READY"));
    }

    @Test
    void createWorkPoolWithOptionsAndTemplate() {
        String name = unique("opts");
        post("/api/work_pools/", Map.of("name", name, "type", "test", "is_paused", true, "concurrency_limit", 5,
                "base_job_template", TEMPLATE)).statusCode(201)
                .body("is_paused", equalTo(true))
                .body("concurrency_limit", equalTo(5))
                .body("base_job_template", equalTo(TEMPLATE))
                .body("status", equalTo("PAUSED"));
    }

    @Test
    void typeDefaultsToPrefectAgentWhoseStatusIsNull() {
        String name = unique("agent");
        post("/api/work_pools/", Map.of("name", name)).statusCode(201)
                .body("type", equalTo("prefect-agent"))
                .body("status", nullValue());
    }

    @Test
    void duplicateNameIs409() {
        String name = unique("dup");
        createPool(name);
        post("/api/work_pools/", Map.of("name", name, "type", "PROCESS")).statusCode(409)
                .body("detail", equalTo("A work pool with this name already exists."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hi/there", "hi%there"})
    void invalidNameIs422(String name) {
        post("/api/work_pools/", Map.of("name", name)).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "name")))
                .body("exception_detail[0].msg", containsString("contains an invalid character"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "''", " ", "' ' "})
    void emptyNameIs400(String name) {
        post("/api/work_pools/", Map.of("name", name)).statusCode(400)
                .body("detail", equalTo("Work pool name cannot be empty."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Prefect", "Prefect Pool", "PrefectPool", "Prefect-Pool", "prefect", "prefect pool",
            "prefectpool", "prefect-pool"})
    void reservedNamesAre403(String name) {
        post("/api/work_pools/", Map.of("name", name)).statusCode(403)
                .body("detail", equalTo("Work pools starting with 'Prefect' are reserved for internal use."));
        given().when().delete("/api/work_pools/{name}", name).then().statusCode(403)
                .body("detail", containsString("reserved for internal use and can not be deleted"));
        patch("/api/work_pools/" + name, Map.of("description", "x")).statusCode(403)
                .body("detail", containsString("can only be updated to set concurrency limits or pause"));
    }

    @Test
    void templateValidation() {
        post("/api/work_pools/", Map.of("name", unique("t"), "base_job_template", Map.of("foo", "bar", "x",
                List.of("y")))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "base_job_template")))
                .body("exception_detail[0].msg", equalTo("The `base_job_template` must contain both a"
                        + " `job_configuration` key and a `variables` key."));
        Map<String, Object> nested = Map.of("job_configuration", Map.of("config", Map.of("command",
                "{{ missing_variable }}")), "variables", TEMPLATE.get("variables"));
        post("/api/work_pools/", Map.of("name", unique("t"), "base_job_template", nested)).statusCode(422)
                .body("exception_detail[0].msg", equalTo("The variables specified in the job configuration template"
                        + " must be present as properties in the variables schema. Your job configuration uses the"
                        + " following undeclared variable(s): missing_variable."));
        String name = unique("t");
        createPool(name);
        patch("/api/work_pools/" + name, Map.of("base_job_template", nested)).statusCode(422);
        patch("/api/work_pools/" + name, Map.of("base_job_template", TEMPLATE)).statusCode(204);
        given().when().get("/api/work_pools/{name}", name).then().body("base_job_template", equalTo(TEMPLATE));
    }

    @Test
    void updateWorkPool() {
        String name = unique("upd");
        createPool(name);
        patch("/api/work_pools/" + name, Map.of("is_paused", true, "concurrency_limit", 5)).statusCode(204);
        given().when().get("/api/work_pools/{name}", name).then()
                .body("is_paused", equalTo(true)).body("concurrency_limit", equalTo(5))
                .body("status", equalTo("PAUSED"));
        patch("/api/work_pools/" + name, Map.of("concurrency_limit", 0)).statusCode(204);
        patch("/api/work_pools/" + name, Map.of("concurrency_limit", -5)).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "concurrency_limit")))
                .body("exception_detail[0].msg", equalTo("ensure this value is greater than or equal to 0"));
        given().when().get("/api/work_pools/{name}", name).then().body("concurrency_limit", equalTo(0));
        patch("/api/work_pools/" + name, Map.of("colour", "red")).statusCode(422)
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        patch("/api/work_pools/" + unique("missing"), Map.of("is_paused", true)).statusCode(404);
    }

    @Test
    void pausingOrLimitingAReservedNameGoesOnToTheLookup() {
        // reserved pools cannot be created through the API, so the only answer left for these fields is the 404
        patch("/api/work_pools/prefect-" + UUID.randomUUID(), Map.of("is_paused", true)).statusCode(404);
    }

    @Test
    void readMissingPoolIs404() {
        given().when().get("/api/work_pools/{name}", unique("nope")).then().statusCode(404)
                .body("detail", containsString("not found."));
        given().when().delete("/api/work_pools/{name}", unique("nope")).then().statusCode(404);
    }

    @Test
    void filterCountLimitOffset() {
        String prefix = unique("fl");
        for (String n : List.of("C", "B", "A")) {
            createPool(prefix + "-" + n);
        }
        Map<String, Object> byPrefix = Map.of("work_pools", Map.of("name", Map.of("any_",
                List.of(prefix + "-A", prefix + "-B", prefix + "-C"))));
        post("/api/work_pools/filter", byPrefix).statusCode(200)
                .body("name", equalTo(List.of(prefix + "-A", prefix + "-B", prefix + "-C")));
        post("/api/work_pools/filter", Map.of("work_pools", byPrefix.get("work_pools"), "limit", 2)).statusCode(200)
                .body("name", equalTo(List.of(prefix + "-A", prefix + "-B")));
        post("/api/work_pools/filter", Map.of("work_pools", byPrefix.get("work_pools"), "offset", 1)).statusCode(200)
                .body("name", equalTo(List.of(prefix + "-B", prefix + "-C")));
        post("/api/work_pools/count", byPrefix).statusCode(200).body(equalTo("3"));
        post("/api/work_pools/count", Map.of("work_pools", Map.of("name", Map.of("any_", List.of(prefix + "-A")))))
                .statusCode(200).body(equalTo("1"));
        post("/api/work_pools/filter", Map.of("work_pools", Map.of("type", Map.of("any_",
                List.of("prefect-agent"))))).statusCode(200).body("name", org.hamcrest.Matchers.hasItem(
                        "default-agent-pool"));
    }

    @Test
    void deleteWorkPoolCascadesToQueues() {
        String name = unique("del");
        Map<String, Object> pool = createPool(name);
        String queueId = post("/api/work_pools/" + name + "/queues", Map.of("name", "q")).statusCode(201)
                .extract().path("id");
        given().when().delete("/api/work_pools/{name}", name).then().statusCode(204);
        given().when().get("/api/work_pools/{name}", name).then().statusCode(404);
        given().when().get("/api/work_queues/{id}", queueId).then().statusCode(404);
        given().when().get("/api/work_queues/{id}", pool.get("default_queue_id")).then().statusCode(404);
    }

    @Test
    void poolQueuesCreateReadUpdateDelete() {
        String pool = unique("pq");
        createPool(pool);
        post("/api/work_pools/" + pool + "/queues", Map.of("name", "test-queue", "description", "test queue"))
                .statusCode(201).body("name", equalTo("test-queue")).body("description", equalTo("test queue"))
                .body("work_pool_name", equalTo(pool)).body("filter", nullValue()).body("priority", equalTo(2))
                .body("is_paused", equalTo(false)).body("last_polled", nullValue())
                .body("status", equalTo("NOT_READY"));
        post("/api/work_pools/" + pool + "/queues", Map.of("name", "test-queue")).statusCode(409)
                .body("detail", equalTo("A work queue with this name already exists in work pool '" + pool + "'."));
        patch("/api/work_pools/" + pool + "/queues/test-queue", Map.of("name", "updated-test-queue",
                "description", "updated test queue", "is_paused", true)).statusCode(204);
        given().when().get("/api/work_pools/{p}/queues/{q}", pool, "updated-test-queue").then().statusCode(200)
                .body("description", equalTo("updated test queue")).body("is_paused", equalTo(true))
                .body("status", equalTo("PAUSED"));
        given().when().get("/api/work_pools/{p}/queues/{q}", pool, "test-queue").then().statusCode(404)
                .body("detail", equalTo("Work pool queue '" + pool + "/test-queue' not found."));
        // renaming onto a name the pool already has: the conflict, nothing changed
        patch("/api/work_pools/" + pool + "/queues/updated-test-queue", Map.of("name", "default")).statusCode(409);
        given().when().get("/api/work_pools/{p}/queues/{q}", pool, "updated-test-queue").then().statusCode(200);
        patch("/api/work_pools/" + pool + "/queues/updated-test-queue", Map.of("priority", 0)).statusCode(422)
                .body("exception_detail[0].msg", equalTo("ensure this value is greater than or equal to 1"));
        given().when().delete("/api/work_pools/{p}/queues/{q}", pool, "updated-test-queue").then().statusCode(204);
        given().when().delete("/api/work_pools/{p}/queues/{q}", pool, "updated-test-queue").then().statusCode(404);
        given().when().delete("/api/work_pools/{p}/queues/{q}", pool, "default").then().statusCode(409)
                .body("detail", equalTo("Can't delete a pool's default queue."));
        post("/api/work_pools/" + unique("nope") + "/queues", Map.of("name", "q")).statusCode(404);
    }

    @Test
    void queuePrioritiesFillGapsAndMakeRoom() {
        String pool = unique("prio");
        createPool(pool);
        String base = "/api/work_pools/" + pool + "/queues";
        post(base, Map.of("name", "wpq-1")).body("priority", equalTo(2));
        post(base, Map.of("name", "wpq-2")).body("priority", equalTo(3));
        post(base, Map.of("name", "wpq-99", "priority", 99)).body("priority", equalTo(99));
        post(base, Map.of("name", "wpq-4")).body("priority", equalTo(4));
        // taking priority 1 pushes the others down by one where they collide
        post(base, Map.of("name", "first", "priority", 1)).body("priority", equalTo(1));
        post(base + "/filter", Map.of()).statusCode(200)
                .body("name", equalTo(List.of("first", "default", "wpq-1", "wpq-2", "wpq-4", "wpq-99")))
                .body("priority", equalTo(List.of(1, 2, 3, 4, 5, 99)));
        patch(base + "/wpq-99", Map.of("priority", 3)).statusCode(204);
        post(base + "/filter", Map.of()).body("name", equalTo(List.of("first", "default", "wpq-99", "wpq-1", "wpq-2",
                "wpq-4"))).body("priority", equalTo(List.of(1, 2, 3, 4, 5, 6)));
        given().when().delete(base + "/wpq-1").then().statusCode(204);
        post(base + "/filter", Map.of("work_queues", Map.of("name", Map.of("startswith_", List.of("wpq")))))
                .body("name", equalTo(List.of("wpq-99", "wpq-2", "wpq-4"))).body("priority", equalTo(List.of(3, 5, 6)));
        post(base + "/filter", Map.of("limit", 2, "offset", 1)).body("name", equalTo(List.of("default", "wpq-99")));
        post("/api/work_pools/" + unique("nope") + "/queues/filter", Map.of()).statusCode(404);
    }

    @Test
    void heartbeatsMakeWorkersOnlineAndThePoolReady() {
        String pool = unique("hb");
        createPool(pool);
        String base = "/api/work_pools/" + pool + "/workers";
        post(base + "/filter", Map.of()).statusCode(200).body("$", hasSize(0));
        for (String name : List.of("test-worker", "test-worker", "another-worker")) {
            post(base + "/heartbeat", Map.of("name", name)).statusCode(204);
        }
        post(base + "/heartbeat", Map.of("name", "interval-worker", "heartbeat_interval_seconds", 60)).statusCode(204);
        post(base + "/filter", Map.of()).statusCode(200).body("$", hasSize(3))
                .body("[0].name", equalTo("interval-worker"))
                .body("[0].heartbeat_interval_seconds", equalTo(60))
                .body("status", equalTo(List.of("ONLINE", "ONLINE", "ONLINE")));
        post(base + "/filter", Map.of("limit", 1)).body("$", hasSize(1));
        // the 2.14.21 worker sends its interval as a float; pydantic v1 takes it as an int
        post(base + "/heartbeat", Map.of("name", "interval-worker", "heartbeat_interval_seconds", 30.0))
                .statusCode(204);
        post(base + "/filter", Map.of("limit", 1)).body("[0].heartbeat_interval_seconds", equalTo(30));
        given().when().get("/api/work_pools/{name}", pool).then().body("status", equalTo("READY"));
        given().contentType(ContentType.JSON).when().post(base + "/heartbeat").then().statusCode(422)
                .body("exception_detail[0].msg", equalTo("field required"));
        post(base + "/heartbeat", Map.of("heartbeat_interval_seconds", 5)).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "name")));
        patch("/api/work_pools/" + pool, Map.of("is_paused", true)).statusCode(204);
        given().when().get("/api/work_pools/{name}", pool).then().body("status", equalTo("PAUSED"));
        post("/api/work_pools/" + unique("nope") + "/workers/heartbeat", Map.of("name", "w")).statusCode(404);
    }
}
