package dev.orchestra.api;

import static dev.orchestra.api.WorkPoolResourceTest.patch;
import static dev.orchestra.api.WorkPoolResourceTest.post;
import static dev.orchestra.api.WorkPoolResourceTest.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ports of Prefect's tests/server/api/test_work_queues.py: queues by id and name, in the default agent pool. */
@QuarkusTest
class WorkQueueResourceTest {

    @Test
    void createWorkQueueJoinsTheDefaultAgentPool() {
        String name = unique("wq");
        String id = post("/api/work_queues/", Map.of("name", name)).statusCode(201)
                .body("name", equalTo(name))
                .body("filter", nullValue())
                .body("description", equalTo(""))
                .body("is_paused", equalTo(false))
                .body("concurrency_limit", nullValue())
                .body("work_pool_name", equalTo("default-agent-pool"))
                .body("status", equalTo("NOT_READY"))
                .extract().path("id");
        given().when().get("/api/work_queues/{id}", id).then().statusCode(200)
                .body("id", equalTo(id)).body("work_pool_name", equalTo("default-agent-pool"));
        given().when().get("/api/work_queues/name/{name}", name).then().statusCode(200).body("id", equalTo(id));
        given().when().get("/api/work_pools/default-agent-pool/queues/{name}", name).then().statusCode(200)
                .body("id", equalTo(id));
        given().when().get("/api/work_pools/default-agent-pool").then().statusCode(200)
                .body("type", equalTo("prefect-agent")).body("status", nullValue());
    }

    @Test
    void explicitPriorityIsKept() {
        String name = unique("prio");
        String id = post("/api/work_queues/", Map.of("name", name, "priority", 9999)).statusCode(201)
                .body("priority", equalTo(9999)).extract().path("id");
        given().when().get("/api/work_queues/{id}", id).then().body("priority", equalTo(9999));
    }

    @Test
    void existingNameIs409() {
        String name = unique("dup");
        post("/api/work_queues/", Map.of("name", name)).statusCode(201);
        post("/api/work_queues/", Map.of("name", name)).statusCode(409)
                .body("detail", equalTo("A work queue with this name already exists."));
        post("/api/work_queues/", Map.of("name", "default")).statusCode(409);
    }

    @ParameterizedTest
    @ValueSource(strings = {"work/queue", "work%queue"})
    void invalidCharactersAre422(String name) {
        post("/api/work_queues/", Map.of("name", name)).statusCode(422)
                .body("exception_detail[0].msg", containsString("contains an invalid character"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"work queue", "work:queue", "work\\queue", "work\uD83D\uDC4Dqueue", "work|queue"})
    void readByNameWithNonstandardCharacters(String base) {
        String name = unique(base);
        String id = post("/api/work_queues/", Map.of("name", name)).statusCode(201).extract().path("id");
        given().when().get("/api/work_queues/name/{name}", name).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void missingQueuesAre404() {
        given().when().get("/api/work_queues/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("work queue not found"));
        given().when().get("/api/work_queues/name/{name}", unique("made-up")).then().statusCode(404)
                .body("detail", equalTo("work queue not found"));
        given().when().delete("/api/work_queues/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("work queue not found"));
        UUID missing = UUID.randomUUID();
        patch("/api/work_queues/" + missing, Map.of("is_paused", true)).statusCode(404)
                .body("detail", equalTo("Work Queue " + missing + " not found"));
        given().when().get("/api/work_queues/not-a-uuid").then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("path", "id")));
    }

    @Test
    void updateWorkQueue() {
        String id = post("/api/work_queues/", Map.of("name", unique("upd"))).statusCode(201).extract().path("id");
        patch("/api/work_queues/" + id, Map.of("is_paused", true, "concurrency_limit", 3)).statusCode(204);
        given().when().get("/api/work_queues/{id}", id).then()
                .body("is_paused", equalTo(true)).body("concurrency_limit", equalTo(3))
                .body("status", equalTo("PAUSED"));
        patch("/api/work_queues/" + id, Map.of("is_paused", false, "last_polled", "2020-01-01T00:00:00+00:00"))
                .statusCode(204);
        given().when().get("/api/work_queues/{id}", id).then()
                .body("last_polled", equalTo("2020-01-01T00:00:00+00:00")).body("status", equalTo("NOT_READY"));
        patch("/api/work_queues/" + id, Map.of("last_polled", java.time.OffsetDateTime.now().toString()))
                .statusCode(204);
        given().when().get("/api/work_queues/{id}", id).then().body("status", equalTo("READY"));
        patch("/api/work_queues/" + id, Map.of("filter", Map.of("tags", List.of("a"))))
                .statusCode(204);
        given().when().get("/api/work_queues/{id}", id).then()
                .body("filter.tags", equalTo(List.of("a"))).body("filter.deployment_ids", nullValue());
        java.util.Map<String, Object> nameNull = new java.util.HashMap<>();
        nameNull.put("name", null);
        patch("/api/work_queues/" + id, nameNull).statusCode(422)
                .body("exception_detail[0].msg", equalTo("none is not an allowed value"));
        patch("/api/work_queues/" + id, Map.of("concurrency_limit", -1)).statusCode(422);
    }

    @Test
    void filterByNameLimitOffset() {
        String p = unique("fq");
        for (String suffix : List.of("wq-1 X", "wq-1 Y", "wq-2 Y")) {
            post("/api/work_queues/", Map.of("name", p + " " + suffix)).statusCode(201);
        }
        Map<String, Object> mine = Map.of("name", Map.of("startswith_", List.of(p)));
        post("/api/work_queues/filter", Map.of("work_queues", mine)).statusCode(200)
                .body("name", equalTo(List.of(p + " wq-1 X", p + " wq-1 Y", p + " wq-2 Y")))
                .body("work_pool_name", everyItem(equalTo("default-agent-pool")));
        post("/api/work_queues/filter", Map.of("work_queues", mine, "offset", 1, "limit", 1)).statusCode(200)
                .body("name", equalTo(List.of(p + " wq-1 Y")));
        post("/api/work_queues/filter", Map.of("work_queues", Map.of("name", Map.of("startswith_",
                List.of(p + " wq-1"))))).body("name", equalTo(List.of(p + " wq-1 X", p + " wq-1 Y")));
        post("/api/work_queues/filter", Map.of("work_queues", Map.of("name", Map.of("any_",
                List.of(unique("none")))))).statusCode(200).body("$", org.hamcrest.Matchers.hasSize(0));
        post("/api/work_queues/filter", Map.of("limit", -1)).statusCode(422);
    }

    @Test
    void deleteWorkQueue() {
        String id = post("/api/work_queues/", Map.of("name", unique("del"))).statusCode(201).extract().path("id");
        given().when().delete("/api/work_queues/{id}", id).then().statusCode(204);
        given().when().get("/api/work_queues/{id}", id).then().statusCode(404);
        String defaultQueue = given().when().get("/api/work_pools/default-agent-pool").then().extract()
                .path("default_queue_id");
        given().when().delete("/api/work_queues/{id}", defaultQueue).then().statusCode(409);
    }
}
