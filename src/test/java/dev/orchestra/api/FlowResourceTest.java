package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Ports of Prefect's tests/server/api/test_flows.py that concern the flow routes themselves. */
@QuarkusTest
class FlowResourceTest {

    static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?\\+00:00";

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createFlowAnswers201ThenFallsBackTo200() {
        String name = unique("my-flow");
        String id = given().contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/api/flows/")
                .then().statusCode(201)
                .body("name", equalTo(name))
                .body("tags", equalTo(java.util.List.of()))
                .body("created", matchesPattern(TIMESTAMP))
                .body("updated", matchesPattern(TIMESTAMP))
                .extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("name", name, "tags", java.util.List.of("x")))
                .when().post("/api/flows/")
                .then().statusCode(200).body("id", equalTo(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my flow", "my:flow", "my\\flow", "my\uD83D\uDC4Dflow", "my|flow"})
    void createFlowWithNonstandardCharacters(String base) {
        String name = unique(base);
        String id = given().contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/api/flows/").then().statusCode(201).extract().path("id");
        given().when().get("/api/flows/name/{name}", name)
                .then().statusCode(200).body("id", equalTo(id)).body("name", equalTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my/flow", "my%flow"})
    void createFlowWithInvalidCharactersFails(String name) {
        given().contentType(ContentType.JSON).body(Map.of("name", name))
                .when().post("/api/flows/")
                .then().statusCode(422)
                .body("exception_message", equalTo("Invalid request received."))
                .body("exception_detail[0].loc", equalTo(java.util.List.of("body", "name")))
                .body("exception_detail[0].type", equalTo("value_error.invalidname"))
                .body("request_body.name", equalTo(name));
    }

    @Test
    void createFlowRejectsMissingNameUnknownFieldsAndBadJson() {
        given().contentType(ContentType.JSON).body(Map.of("tags", java.util.List.of()))
                .when().post("/api/flows/")
                .then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(java.util.List.of("body", "name")))
                .body("exception_detail[0].msg", equalTo("field required"));
        given().contentType(ContentType.JSON).body(Map.of("name", unique("f"), "colour", "red"))
                .when().post("/api/flows/")
                .then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(java.util.List.of("body", "colour")))
                .body("exception_detail[0].type", equalTo("value_error.extra"));
        given().contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/flows/")
                .then().statusCode(422)
                .body("exception_detail[0].type", equalTo("value_error.jsondecode"))
                .body("request_body", equalTo("{\"name\": "));
        given().contentType(ContentType.JSON).body(Map.of("name", 5, "tags", "notalist"))
                .when().post("/api/flows/")
                .then().statusCode(422);
    }

    @Test
    void readFlowAndNotFound() {
        String name = unique("read-me");
        String id = given().contentType(ContentType.JSON).body(Map.of("name", name, "tags", java.util.List.of("a")))
                .when().post("/api/flows/").then().statusCode(201).extract().path("id");
        given().when().get("/api/flows/{id}", id)
                .then().statusCode(200).body("name", equalTo(name)).body("tags", hasItems("a"));
        given().when().get("/api/flows/{id}", UUID.randomUUID())
                .then().statusCode(404).body("detail", equalTo("Flow not found"));
        given().when().get("/api/flows/name/{name}", unique("nope"))
                .then().statusCode(404).body("detail", equalTo("Flow not found"));
        given().when().get("/api/flows/{id}", "not-a-uuid")
                .then().statusCode(422)
                .body("exception_detail[0].loc", equalTo(java.util.List.of("path", "id")))
                .body("exception_detail[0].type", equalTo("type_error.uuid"));
    }

    @Test
    void updateFlowTagsAndMissingFlow() {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", unique("upd"), "tags", java.util.List.of("db")))
                .when().post("/api/flows/").then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("tags", java.util.List.of("green")))
                .when().patch("/api/flows/{id}", id).then().statusCode(204);
        given().when().get("/api/flows/{id}", id).then().statusCode(200)
                .body("tags", equalTo(java.util.List.of("green")));
        given().contentType(ContentType.JSON).body(Map.of())
                .when().patch("/api/flows/{id}", id).then().statusCode(204);
        given().when().get("/api/flows/{id}", id).then().statusCode(200)
                .body("tags", equalTo(java.util.List.of("green")));
        given().contentType(ContentType.JSON).body(Map.of("tags", java.util.List.of("x")))
                .when().patch("/api/flows/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("detail", equalTo("Flow not found"));
        given().contentType(ContentType.JSON).body(Map.of("name", "renamed"))
                .when().patch("/api/flows/{id}", id).then().statusCode(422);
    }

    @Test
    void deleteFlow() {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", unique("del")))
                .when().post("/api/flows/").then().statusCode(201).extract().path("id");
        given().when().delete("/api/flows/{id}", id).then().statusCode(204);
        given().when().get("/api/flows/{id}", id).then().statusCode(404);
        given().when().delete("/api/flows/{id}", id).then().statusCode(404)
                .body("detail", equalTo("Flow not found"));
    }

    @Test
    void filterAndCountFlows() {
        String tag = unique("tag");
        String a = given().contentType(ContentType.JSON).body(Map.of("name", unique("zz-a"), "tags", java.util.List.of(tag, "db")))
                .when().post("/api/flows/").then().statusCode(201).extract().path("name");
        String b = given().contentType(ContentType.JSON).body(Map.of("name", unique("zz-b"), "tags", java.util.List.of(tag)))
                .when().post("/api/flows/").then().statusCode(201).extract().path("name");
        Map<String, Object> byTag = Map.of("flows", Map.of("tags", Map.of("all_", java.util.List.of(tag))));
        given().contentType(ContentType.JSON).body(byTag).when().post("/api/flows/filter")
                .then().statusCode(200).body("name", equalTo(java.util.List.of(a, b)));
        given().contentType(ContentType.JSON).body(Map.of("flows", Map.of("tags", Map.of("all_", java.util.List.of(tag, "db")))))
                .when().post("/api/flows/filter").then().statusCode(200).body("name", equalTo(java.util.List.of(a)));
        given().contentType(ContentType.JSON).body(byTag).when().post("/api/flows/count")
                .then().statusCode(200).body(equalTo("2"));
        java.util.Map<String, Object> paged = new java.util.HashMap<>(byTag);
        paged.put("limit", 1);
        paged.put("offset", 1);
        paged.put("sort", "NAME_ASC");
        given().contentType(ContentType.JSON).body(paged).when().post("/api/flows/filter")
                .then().statusCode(200).body("name", equalTo(java.util.List.of(b)));
        given().contentType(ContentType.JSON).body(Map.of("flows", Map.of("name", Map.of("any_", java.util.List.of(b)))))
                .when().post("/api/flows/filter").then().statusCode(200).body("name", equalTo(java.util.List.of(b)));
        given().contentType(ContentType.JSON).body(Map.of("flows", Map.of("name", Map.of("like_", b.substring(3)))))
                .when().post("/api/flows/filter").then().statusCode(200).body("name", equalTo(java.util.List.of(b)));
    }

    @Test
    void filterRejectsBadLimitsAndUnknownFilterFields() {
        given().contentType(ContentType.JSON).body(Map.of("limit", 201)).when().post("/api/flows/filter")
                .then().statusCode(422).body("detail", equalTo("Invalid limit: must be less than or equal to 200."));
        given().contentType(ContentType.JSON).body(Map.of("limit", -1)).when().post("/api/flows/filter")
                .then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("offset", -1)).when().post("/api/flows/filter")
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(java.util.List.of("body", "offset")));
        given().contentType(ContentType.JSON).body(Map.of("flows", Map.of("colour", Map.of())))
                .when().post("/api/flows/filter")
                .then().statusCode(422).body("exception_detail[0].loc", equalTo(java.util.List.of("body", "flows", "colour")));
        given().contentType(ContentType.JSON).body(Map.of("sort", "SIDEWAYS")).when().post("/api/flows/filter")
                .then().statusCode(422).body("exception_detail[0].type", equalTo("type_error.enum"));
        given().contentType(ContentType.JSON).body(Map.of("flows", Map.of("id", Map.of("any_", java.util.List.of("nope")))))
                .when().post("/api/flows/filter")
                .then().statusCode(422).body("exception_detail[0].type", equalTo("type_error.uuid"));
        given().when().post("/api/flows/filter").then().statusCode(200);
    }

    @Test
    void responsesOf500BytesOrMoreAreGzippedAndSayTheyVaryByAcceptEncoding() {
        String tag = unique("gz");
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON).body(Map.of("name", unique("gz-flow"), "tags", java.util.List.of(tag)))
                    .when().post("/api/flows/").then().statusCode(201);
        }
        Map<String, Object> body = Map.of("flows", Map.of("tags", Map.of("all_", java.util.List.of(tag))));
        given().header("Accept-Encoding", "gzip").contentType(ContentType.JSON).body(body)
                .when().post("/api/flows/filter")
                .then().statusCode(200).header("Content-Encoding", "gzip").header("Vary", "Accept-Encoding")
                .body("size()", equalTo(6));
        given().header("Accept-Encoding", "gzip").contentType(ContentType.JSON)
                .body(Map.of("limit", 1, "flows", Map.of("tags", Map.of("all_", java.util.List.of(tag)))))
                .when().post("/api/flows/filter")
                .then().statusCode(200).header("Content-Encoding", org.hamcrest.Matchers.nullValue())
                .header("Vary", org.hamcrest.Matchers.nullValue()).body("size()", equalTo(1));
        given().config(io.restassured.config.RestAssuredConfig.config().decoderConfig(
                io.restassured.config.DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "identity").contentType(ContentType.JSON).body(body)
                .when().post("/api/flows/filter")
                .then().statusCode(200).header("Content-Encoding", org.hamcrest.Matchers.nullValue())
                .header("Vary", org.hamcrest.Matchers.nullValue()).body("size()", equalTo(6));
    }

    @Test
    void rootRoutes() {
        given().when().get("/api/health").then().statusCode(200).body(equalTo("true"));
        given().when().get("/api/hello").then().statusCode(200).body(equalTo("\"\uD83D\uDC4B\""));
        given().when().get("/api/admin/version").then().statusCode(200).body(equalTo("\"2.14.21\""));
        given().when().get("/api/version").then().statusCode(200).body(equalTo("\"0.8.4\""));
    }

    @Test
    void apiVersionHeader() {
        given().header("X-PREFECT-API-VERSION", "0.8.4").when().get("/api/flows/{id}", UUID.randomUUID())
                .then().statusCode(404);
        given().header("X-PREFECT-API-VERSION", "banana").when().get("/api/flows/{id}", UUID.randomUUID())
                .then().statusCode(400).body("detail", notNullValue());
        given().header("X-PREFECT-API-VERSION", "0.7.9").when().get("/api/flows/{id}", UUID.randomUUID())
                .then().statusCode(400)
                .body("detail", equalTo("The request specified API version 0.7.9 but this server requires"
                        + " version 0.8.0 or higher."));
    }
}
