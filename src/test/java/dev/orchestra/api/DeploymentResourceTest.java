package dev.orchestra.api;

import static dev.orchestra.api.WorkPoolResourceTest.patch;
import static dev.orchestra.api.WorkPoolResourceTest.post;
import static dev.orchestra.api.WorkPoolResourceTest.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ports of Prefect's tests/server/api/test_deployments.py for the routes served here. */
@QuarkusTest
class DeploymentResourceTest {

    static String flow() {
        return post("/api/flows/", Map.of("name", unique("flow"))).statusCode(201).extract().path("id");
    }

    static String flowName(String flowId) {
        return given().get("/api/flows/{id}", flowId).then().extract().path("name");
    }

    static Map<String, Object> body(String flowId, String name, Object... more) {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("flow_id", flowId);
        for (int i = 0; i < more.length; i += 2) {
            b.put((String) more[i], more[i + 1]);
        }
        return b;
    }

    static String deployment(String flowId, String name, Object... more) {
        return post("/api/deployments/", body(flowId, name, more)).statusCode(201).extract().path("id");
    }

    /** A block document, to stand for a deployment's storage or infrastructure. */
    static String blockDocument() {
        String slug = "infra-" + UUID.randomUUID().toString().substring(0, 8);
        String typeId = post("/api/block_types/", Map.of("name", "Infra " + slug, "slug", slug)).statusCode(201)
                .extract().path("id");
        String schemaId = post("/api/block_schemas/", Map.of("fields", Map.of("title", slug, "type", "object",
                "properties", Map.of()), "block_type_id", typeId, "capabilities", List.of())).statusCode(201)
                .extract().path("id");
        return post("/api/block_documents/", Map.of("name", "doc", "data", Map.of(), "block_schema_id", schemaId,
                "block_type_id", typeId)).statusCode(201).extract().path("id");
    }

    static final Map<String, Object> PARAMETER_SCHEMA = Map.of("type", "object", "required", List.of("person"),
            "properties", Map.of(
                    "name", Map.of("type", "string", "default", "world", "position", 1),
                    "person", Map.of("allOf", List.of(Map.of("$ref", "#/definitions/Person")), "position", 0)),
            "definitions", Map.of("Person", Map.of("type", "object", "required", List.of("name"), "properties",
                    Map.of("name", Map.of("type", "string"), "greeting", Map.of("type", "string", "default",
                            "Hello")))));

    @Test
    void createDeployment() {
        String flowId = flow();
        String infra = blockDocument();
        String storage = blockDocument();
        post("/api/deployments/", body(flowId, "My Deployment", "version", "mint", "path", "/", "entrypoint",
                "/file.py:flow", "tags", List.of("foo"), "parameters", Map.of("foo", "bar"),
                "infrastructure_document_id", infra, "infra_overrides", Map.of("cpu", 24), "storage_document_id",
                storage, "manifest_path", "file.json")).statusCode(201)
                .body("name", equalTo("My Deployment"))
                .body("version", equalTo("mint"))
                .body("description", nullValue())
                .body("flow_id", equalTo(flowId))
                .body("schedule", nullValue())
                .body("is_schedule_active", equalTo(true))
                .body("infra_overrides", equalTo(Map.of("cpu", 24)))
                .body("parameters", equalTo(Map.of("foo", "bar")))
                .body("tags", equalTo(List.of("foo")))
                .body("work_queue_name", nullValue())
                .body("last_polled", nullValue())
                .body("parameter_openapi_schema", nullValue())
                .body("path", equalTo("/"))
                .body("pull_steps", nullValue())
                .body("entrypoint", equalTo("/file.py:flow"))
                .body("manifest_path", equalTo("file.json"))
                .body("storage_document_id", equalTo(storage))
                .body("infrastructure_document_id", equalTo(infra))
                .body("created_by", nullValue())
                .body("updated_by", nullValue())
                .body("work_pool_name", nullValue())
                .body("status", equalTo("NOT_READY"))
                .body("enforce_parameter_schema", equalTo(false))
                .body("created", org.hamcrest.Matchers.matchesPattern(FlowResourceTest.TIMESTAMP));
    }

    @Test
    void createUpsertsOnFlowAndName() {
        String flowId = flow();
        String infra = blockDocument();
        String id = post("/api/deployments/", body(flowId, "My Deployment", "is_schedule_active", false,
                "infrastructure_document_id", infra, "description", "first")).statusCode(201)
                .extract().path("id");
        post("/api/deployments/", body(flowId, "My Deployment", "is_schedule_active", false,
                "infrastructure_document_id", infra)).statusCode(200)
                .body("id", equalTo(id))
                .body("is_schedule_active", equalTo(false))
                .body("infrastructure_document_id", equalTo(infra))
                // every field of the request is written, so the description not sent goes back to null
                .body("description", nullValue());
        post("/api/deployments/", body(flowId, "My Deployment", "is_schedule_active", true)).statusCode(200)
                .body("id", equalTo(id)).body("is_schedule_active", equalTo(true));
        post("/api/deployments/count", Map.of("flows", Map.of("id", Map.of("any_", List.of(flowId)))))
                .statusCode(200).body(equalTo("1"));
    }

    @Test
    void missingBlocksAre409() {
        String flowId = flow();
        post("/api/deployments/", body(flowId, "d", "infrastructure_document_id", UUID.randomUUID().toString()))
                .statusCode(409).body("detail", containsString(
                        "Error creating deployment. Could not find infrastructure block with id"));
        post("/api/deployments/", body(flowId, "d", "storage_document_id", UUID.randomUUID().toString()))
                .statusCode(409).body("detail", containsString(
                        "Error creating deployment. Could not find storage block with id"));
        post("/api/deployments/", body(UUID.randomUUID().toString(), "no-flow")).statusCode(409);
    }

    @Test
    void invalidBodiesAre422() {
        String flowId = flow();
        post("/api/deployments/", Map.of("flow_id", flowId)).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "name")))
                .body("exception_detail[0].msg", equalTo("field required"));
        post("/api/deployments/", body(flowId, "my/deployment")).statusCode(422)
                .body("exception_detail[0].type", equalTo("value_error.invalidname"));
        post("/api/deployments/", body(flowId, "d", "colour", "red")).statusCode(422)
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        post("/api/deployments/", body(flowId, "d", "parameters", List.of(1))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "parameters")));
        // fields of older clients are dropped, not rejected
        post("/api/deployments/", body(flowId, unique("old"), "worker_pool_queue_id", UUID.randomUUID().toString(),
                "work_pool_queue_name", "x")).statusCode(201);
    }

    @Test
    void createWithPoolAndQueue() {
        String flowId = flow();
        String pool = unique("pool");
        WorkPoolResourceTest.createPool(pool);
        String queueId = post("/api/work_pools/" + pool + "/queues", Map.of("name", "queue-1")).statusCode(201)
                .extract().path("id");
        post("/api/deployments/", body(flowId, "d1", "work_pool_name", pool, "work_queue_name", "queue-1",
                "infra_overrides", Map.of("cpu", 24))).statusCode(201)
                .body("work_pool_name", equalTo(pool)).body("work_queue_name", equalTo("queue-1"));
        post("/api/deployments/filter", Map.of("work_pool_queues", Map.of("id", Map.of("any_", List.of(queueId)))))
                .statusCode(200).body("name", equalTo(List.of("d1")));
        // the pool alone: its default queue
        String d2 = post("/api/deployments/", body(flowId, "d2", "work_pool_name", pool)).statusCode(201)
                .body("work_pool_name", equalTo(pool)).body("work_queue_name", equalTo("default"))
                .extract().path("id");
        // a run takes the deployment's queue id; its answer names that queue, as Prefect's FlowRunResponse does
        String defaultQueue = given().get("/api/work_pools/{p}", pool).then().extract().path("default_queue_id");
        post("/api/deployments/" + d2 + "/create_flow_run", Map.of()).statusCode(201)
                .body("work_queue_name", equalTo("default")).body("work_queue_id", equalTo(defaultQueue))
                .body("work_pool_name", equalTo(pool));
        // a queue the pool does not have yet is created
        post("/api/deployments/", body(flowId, "d3", "work_pool_name", pool, "work_queue_name", "new-queue"))
                .statusCode(201).body("work_queue_name", equalTo("new-queue"));
        given().get("/api/work_pools/{p}/queues/new-queue", pool).then().statusCode(200).body("priority", equalTo(3));
        post("/api/deployments/", body(flowId, "d4", "work_pool_name", "imaginary-" + pool, "work_queue_name",
                "default")).statusCode(404).body("detail", equalTo("Work pool \"imaginary-" + pool + "\" not found."));
    }

    @Test
    void aQueueNameAloneGoesToTheDefaultAgentPool() {
        String flowId = flow();
        String queue = unique("agent-queue");
        post("/api/deployments/", body(flowId, "d", "work_queue_name", queue)).statusCode(201)
                .body("work_queue_name", equalTo(queue)).body("work_pool_name", equalTo("default-agent-pool"));
        given().get("/api/work_queues/name/{n}", queue).then().statusCode(200).body("priority", equalTo(1))
                .body("work_pool_name", equalTo("default-agent-pool"));
        String defaultQueue = given().get("/api/work_pools/default-agent-pool").then().extract()
                .path("default_queue_id");
        String id = post("/api/deployments/", body(flowId, "d-default", "work_queue_name", "default"))
                .statusCode(201).body("work_queue_name", equalTo("default")).extract().path("id");
        post("/api/deployments/filter", Map.of("deployments", Map.of("id", Map.of("any_", List.of(id))),
                "work_pool_queues", Map.of("id", Map.of("any_", List.of(defaultQueue))))).body("$", hasSize(1));
        // Prefect gives a queue made this way priority 1: the pool's other queues move down to make room
        given().get("/api/work_pools/default-agent-pool/queues/default").then().body("priority",
                org.hamcrest.Matchers.greaterThan(1));
    }

    @Test
    void infraOverridesMustFitThePoolsTemplate() {
        String flowId = flow();
        Map<String, Object> template = Map.of(
                "job_configuration", Map.of("thing_one", "{{ var1 }}", "thing_two", "{{ var2 }}"),
                "variables", Map.of("properties", Map.of("var1", Map.of("type", "string"), "var2",
                        Map.of("type", "string", "default", "world")), "required", List.of("var1", "var2")));
        String pool = unique("tpl");
        post("/api/work_pools/", Map.of("name", pool, "base_job_template", template)).statusCode(201);
        post("/api/deployments/", body(flowId, "bad", "work_pool_name", pool, "infra_overrides", Map.of()))
                .statusCode(409).body("detail", equalTo(
                        "Error creating deployment: <ValidationError: \"'var1' is a required property\">"));
        post("/api/deployments/", body(flowId, "bad", "work_pool_name", pool, "infra_overrides",
                Map.of("var1", 1))).statusCode(409).body("detail", equalTo(
                        "Error creating deployment: <ValidationError: \"1 is not of type 'string'\">"));
        // var2 has a default, so it is not required
        post("/api/deployments/", body(flowId, "good", "work_pool_name", pool, "infra_overrides",
                Map.of("var1", "hello"))).statusCode(201);
    }

    @Test
    void parameterSchemaEnforcement() {
        String flowId = flow();
        Map<String, Object> blork = Map.of("type", "object", "properties", Map.of("foo", Map.of("type", "blork")));
        post("/api/deployments/", body(flowId, "d", "enforce_parameter_schema", true, "parameter_openapi_schema",
                blork, "parameters", Map.of("foo", 1))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "parameter_openapi_schema")))
                .body("exception_detail[0].msg", equalTo("The provided schema is not a valid json schema. Schema"
                        + " error: 'blork' is not valid under any of the given schemas"));
        post("/api/deployments/", body(flowId, unique("lenient"), "parameter_openapi_schema", blork,
                "parameters", Map.of("foo", 1))).statusCode(201);
        Map<String, Object> fooString = Map.of("type", "object", "properties", Map.of("foo", Map.of("type",
                "string")));
        post("/api/deployments/", body(flowId, "d", "enforce_parameter_schema", true, "parameter_openapi_schema",
                fooString, "parameters", Map.of("foo", 1))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "parameters")))
                .body("exception_detail[0].msg", equalTo(
                        "Validation failed for field 'foo'. Failure reason: 1 is not of type 'string'"));
        post("/api/deployments/", body(flowId, unique("not-enforced"), "parameter_openapi_schema", fooString,
                "parameters", Map.of("foo", 1))).statusCode(201);
        String id = deployment(flowId, unique("partial"), "enforce_parameter_schema", true,
                "parameter_openapi_schema", PARAMETER_SCHEMA, "parameters", Map.of("person", Map.of("greeting",
                        "sup")));
        patch("/api/deployments/" + id, Map.of("parameters", Map.of("person", Map.of("greeting", "*head nod*"))))
                .statusCode(204);
        patch("/api/deployments/" + id, Map.of("parameters", Map.of("person", Map.of("greeting", 3))))
                .statusCode(409).body("detail", equalTo("Error updating deployment: Validation failed for field"
                        + " 'person.greeting'. Failure reason: 3 is not of type 'string'"));
        // a run must carry every required parameter
        post("/api/deployments/" + id + "/create_flow_run", Map.of()).statusCode(409)
                .body("detail", equalTo("Error creating flow run: Validation failed for field 'person'. Failure"
                        + " reason: 'name' is a required property"));
        post("/api/deployments/" + id + "/create_flow_run", Map.of("parameters", Map.of("person",
                Map.of("name", "Ann")))).statusCode(201);
    }

    @Test
    void updateCanToggleParameterSchemaValidation() {
        String flowId = flow();
        Map<String, Object> xString = Map.of("type", "object", "properties", Map.of("x", Map.of("type", "string")));
        String id = deployment(flowId, unique("toggle"), "enforce_parameter_schema", true,
                "parameter_openapi_schema", xString);
        patch("/api/deployments/" + id, Map.of("parameters", Map.of("x", 1))).statusCode(409)
                .body("detail", containsString("Validation failed for field 'x'. Failure reason: 1 is not of type"
                        + " 'string'"));
        patch("/api/deployments/" + id, Map.of("parameters", Map.of("x", 1), "enforce_parameter_schema", false))
                .statusCode(204);
        given().get("/api/deployments/{id}", id).then().body("parameters", equalTo(Map.of("x", 1)))
                .body("enforce_parameter_schema", equalTo(false));
        patch("/api/deployments/" + id, Map.of("enforce_parameter_schema", true)).statusCode(409);
        patch("/api/deployments/" + id, Map.of("parameters", Map.of("x", "y"), "enforce_parameter_schema", true))
                .statusCode(204);
        given().get("/api/deployments/{id}", id).then().body("parameters", equalTo(Map.of("x", "y")))
                .body("enforce_parameter_schema", equalTo(true));
        String plain = deployment(flowId, unique("plain"));
        patch("/api/deployments/" + plain, Map.of("parameters", Map.of("x", 1))).statusCode(204);
        patch("/api/deployments/" + plain, Map.of("enforce_parameter_schema", true)).statusCode(409)
                .body("detail", equalTo("Error updating deployment: Cannot update parameters because parameter"
                        + " schema enforcement is enabled and the deployment does not have a valid parameter"
                        + " schema."));
    }

    @Test
    void updateChangesOnlyTheFieldsSentAndMovesTheQueue() {
        String flowId = flow();
        String id = deployment(flowId, unique("upd"), "description", "keep", "tags", List.of("a"), "version", "1");
        patch("/api/deployments/" + id, Map.of("version", "2", "tags", List.of("b"))).statusCode(204);
        given().get("/api/deployments/{id}", id).then().body("version", equalTo("2"))
                .body("tags", equalTo(List.of("b"))).body("description", equalTo("keep"));
        String pool = unique("upool");
        WorkPoolResourceTest.createPool(pool);
        patch("/api/deployments/" + id, Map.of("work_pool_name", pool, "work_queue_name", "moved")).statusCode(204);
        given().get("/api/deployments/{id}", id).then().body("work_pool_name", equalTo(pool))
                .body("work_queue_name", equalTo("moved"));
        patch("/api/deployments/" + id, Map.of("work_pool_name", pool)).statusCode(204);
        given().get("/api/deployments/{id}", id).then().body("work_queue_name", equalTo("default"));
        Map<String, Object> nullTags = new HashMap<>();
        nullTags.put("tags", null);
        patch("/api/deployments/" + id, nullTags).statusCode(422)
                .body("exception_detail[0].msg", equalTo("none is not an allowed value"));
        patch("/api/deployments/" + id, Map.of("name", "renamed")).statusCode(422)
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        patch("/api/deployments/" + UUID.randomUUID(), Map.of("version", "x")).statusCode(404)
                .body("detail", equalTo("Deployment not found."));
        patch("/api/deployments/" + id, Map.of("work_pool_name", unique("gone"))).statusCode(404);
    }

    @Test
    void schedulesAreValidatedAndWrittenWithTheirDefaults() {
        String flowId = flow();
        post("/api/deployments/", body(flowId, unique("interval"), "schedule", Map.of("interval", 3600,
                "anchor_date", "2020-01-01T00:00:00Z"))).statusCode(201)
                .body("schedule.interval", equalTo(3600.0f))
                .body("schedule.anchor_date", equalTo("2020-01-01T00:00:00+00:00"))
                .body("schedule.timezone", equalTo("UTC"));
        post("/api/deployments/", body(flowId, unique("iso"), "schedule", Map.of("interval", "PT1H30M",
                "timezone", "America/New_York"))).statusCode(201)
                .body("schedule.interval", equalTo(5400.0f))
                .body("schedule.timezone", equalTo("America/New_York"));
        post("/api/deployments/", body(flowId, unique("cron"), "schedule", Map.of("cron", "0 0 * * MON-FRI")))
                .statusCode(201).body("schedule", equalTo(new HashMap<String, Object>() {
                    {
                        put("cron", "0 0 * * MON-FRI");
                        put("timezone", null);
                        put("day_or", true);
                    }
                }));
        post("/api/deployments/", body(flowId, unique("rrule"), "schedule", Map.of("rrule",
                "FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2"))).statusCode(201)
                .body("schedule", equalTo(Map.of("rrule", "FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2", "timezone", "UTC")));
        post("/api/deployments/", body(flowId, "bad", "schedule", Map.of("interval", -5))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "schedule", "interval")))
                .body("exception_detail[0].msg", equalTo("The interval must be positive"));
        post("/api/deployments/", body(flowId, "bad", "schedule", Map.of("cron", "61 * * * *"))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "schedule", "cron")))
                .body("exception_detail[0].msg", equalTo("Invalid cron string: \"61 * * * *\""));
        post("/api/deployments/", body(flowId, "bad", "schedule", Map.of("cron", "0 0 * * *", "timezone",
                "Mars/Olympus"))).statusCode(422)
                .body("exception_detail[0].msg", containsString("Invalid timezone: \"Mars/Olympus\""));
        post("/api/deployments/", body(flowId, "bad", "schedule", Map.of("rrule", "FREQ=SOMETIMES")))
                .statusCode(422).body("exception_detail[0].msg", containsString("Invalid RRule string"));
        post("/api/deployments/", body(flowId, "bad", "schedule", Map.of("every", "day"))).statusCode(422)
                .body("exception_detail[0].loc", equalTo(List.of("body", "schedule", "interval")))
                .body("exception_detail[0].msg", equalTo("field required"));
        String id = deployment(flowId, unique("resched"));
        patch("/api/deployments/" + id, Map.of("schedule", Map.of("cron", "*/5 * * * *"))).statusCode(204);
        given().get("/api/deployments/{id}", id).then().body("schedule.cron", equalTo("*/5 * * * *"));
        patch("/api/deployments/" + id, Map.of("schedule", Map.of("cron", "nope"))).statusCode(422);
    }

    @Test
    void readByIdAndName() {
        String flowId = flow();
        String name = unique("read");
        String id = deployment(flowId, name);
        given().get("/api/deployments/{id}", id).then().statusCode(200).body("id", equalTo(id))
                .body("name", equalTo(name)).body("flow_id", equalTo(flowId));
        given().get("/api/deployments/name/{f}/{d}", flowName(flowId), name).then().statusCode(200)
                .body("id", equalTo(id));
        given().get("/api/deployments/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Deployment not found"));
        given().get("/api/deployments/name/{f}/{d}", flowName(flowId), unique("nope")).then().statusCode(404)
                .body("detail", equalTo("Deployment not found"));
        given().get("/api/deployments/name/{f}", flowName(flowId)).then().statusCode(404);
        given().get("/api/deployments/not-a-uuid").then().statusCode(422);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my deployment", "my:deployment", "my\\deployment", "my\uD83D\uDC4Ddeployment",
            "my|deployment"})
    void readByNameWithNonstandardCharacters(String name) {
        String flowId = flow();
        String id = deployment(flowId, name);
        given().get("/api/deployments/name/{f}/{d}", flowName(flowId), name).then().statusCode(200)
                .body("id", equalTo(id));
    }

    @Test
    void filterSortLimitOffsetCount() {
        String flowId = flow();
        String otherFlow = flow();
        String x = deployment(flowId, "My Deployment X", "is_schedule_active", true);
        String y = deployment(flowId, "My Deployment Y", "is_schedule_active", false);
        deployment(otherFlow, "My Deployment Z");
        Map<String, Object> ofFlow = Map.of("name", Map.of("any_", List.of(flowName(flowId))));
        post("/api/deployments/filter", Map.of("flows", ofFlow)).statusCode(200)
                .body("id", equalTo(List.of(x, y))).body("[0].status", equalTo("NOT_READY"));
        post("/api/deployments/filter", Map.of("flows", ofFlow, "deployments", Map.of("name", Map.of("any_",
                List.of("My Deployment X"))))).body("id", equalTo(List.of(x)));
        post("/api/deployments/filter", Map.of("flows", ofFlow, "deployments", Map.of("is_schedule_active",
                Map.of("eq_", false)))).body("id", equalTo(List.of(y)));
        post("/api/deployments/filter", Map.of("deployments", Map.of("name", Map.of("any_",
                List.of("My Deployment X"))), "flows", Map.of("name", Map.of("any_", List.of("not a flow name")))))
                .body("$", hasSize(0));
        post("/api/deployments/filter", Map.of("flows", ofFlow, "limit", 1)).body("id", equalTo(List.of(x)));
        post("/api/deployments/filter", Map.of("flows", ofFlow, "offset", 1)).body("name",
                equalTo(List.of("My Deployment Y")));
        post("/api/deployments/filter", Map.of("flows", ofFlow, "sort", "NAME_DESC")).body("id", equalTo(List.of(y,
                x)));
        post("/api/deployments/filter", Map.of("flows", ofFlow, "sort", "CREATED_DESC")).body("id",
                equalTo(List.of(y, x)));
        post("/api/deployments/filter", Map.of("sort", "NAME_SIDEWAYS")).statusCode(422);
        post("/api/deployments/count", Map.of("flows", ofFlow)).statusCode(200).body(equalTo("2"));
        post("/api/deployments/count", Map.of("flows", ofFlow, "deployments", Map.of("id", Map.of("any_",
                List.of(y))))).body(equalTo("1"));
        given().contentType(ContentType.JSON).post("/api/deployments/count").then().statusCode(200);
    }

    @Test
    void deleteRemovesTheDeploymentAndItsScheduledRuns() {
        String flowId = flow();
        String id = deployment(flowId, unique("del"));
        String scheduled = post("/api/deployments/" + id + "/create_flow_run", Map.of()).statusCode(201)
                .body("state.type", equalTo("SCHEDULED")).extract().path("id");
        String running = post("/api/deployments/" + id + "/create_flow_run", Map.of("state", Map.of("type",
                "RUNNING"))).statusCode(201).extract().path("id");
        given().delete("/api/deployments/{id}", id).then().statusCode(204);
        given().get("/api/deployments/{id}", id).then().statusCode(404);
        given().get("/api/flow_runs/{id}", scheduled).then().statusCode(404);
        given().get("/api/flow_runs/{id}", running).then().statusCode(200).body("deployment_id", equalTo(id));
        given().delete("/api/deployments/{id}", id).then().statusCode(404)
                .body("detail", equalTo("Deployment not found"));
    }

    @Test
    void deletingAFlowDeletesItsDeployments() {
        String flowId = flow();
        String id = deployment(flowId, unique("cascade"));
        given().delete("/api/flows/{id}", flowId).then().statusCode(204);
        given().get("/api/deployments/{id}", id).then().statusCode(404);
    }

    @Test
    void flowRunsFromADeploymentCarryItsQueueAndPool() {
        String flowId = flow();
        String pool = unique("runs");
        WorkPoolResourceTest.createPool(pool);
        String id = deployment(flowId, unique("runs"), "work_pool_name", pool, "work_queue_name", "q1",
                "tags", List.of("a", "b"), "parameters", Map.of("x", 1, "y", 2));
        String runId = post("/api/deployments/" + id + "/create_flow_run", Map.of("parameters", Map.of("y", 3),
                "tags", List.of("b", "c"))).statusCode(201)
                .body("deployment_id", equalTo(id))
                .body("flow_id", equalTo(flowId))
                .body("parameters", equalTo(Map.of("x", 1, "y", 3)))
                .body("tags", equalTo(List.of("a", "b", "c")))
                .body("work_queue_name", equalTo("q1"))
                .body("work_pool_name", equalTo(pool))
                .body("state.type", equalTo("SCHEDULED"))
                .body("state.state_details.scheduled_time", org.hamcrest.Matchers.notNullValue())
                .extract().path("id");
        given().get("/api/flow_runs/{id}", runId).then().body("work_queue_name", equalTo("q1"))
                .body("work_pool_name", equalTo(pool));
        post("/api/deployments/" + id + "/create_flow_run", Map.of("work_queue_name", "q2")).statusCode(201)
                .body("work_queue_name", equalTo("q2")).body("work_pool_name", equalTo(pool));
        // the deployment keeps its queue
        given().get("/api/deployments/{id}", id).then().body("work_queue_name", equalTo("q1"));
        given().get("/api/work_pools/{p}/queues/q2", pool).then().statusCode(200);
        post("/api/deployments/" + UUID.randomUUID() + "/create_flow_run", Map.of()).statusCode(404)
                .body("detail", equalTo("Deployment not found"));
        post("/api/deployments/" + id + "/create_flow_run", Map.of("flow_id", flowId)).statusCode(422);
        String key = unique("idem");
        String first = post("/api/deployments/" + id + "/create_flow_run", Map.of("idempotency_key", key))
                .statusCode(201).extract().path("id");
        post("/api/deployments/" + id + "/create_flow_run", Map.of("idempotency_key", key)).statusCode(200)
                .body("id", equalTo(first));
        // deleting the pool leaves the runs and the deployment without a queue
        given().delete("/api/work_pools/{p}", pool).then().statusCode(204);
        given().get("/api/flow_runs/{id}", runId).then().body("work_pool_name", nullValue())
                .body("work_queue_id", nullValue()).body("work_queue_name", equalTo("q1"));
        given().get("/api/deployments/{id}", id).then().body("work_pool_name", nullValue())
                .body("work_queue_name", equalTo("q1"));
    }
}
