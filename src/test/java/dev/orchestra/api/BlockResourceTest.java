package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Block types, schemas (Prefect's checksum) and documents (secrets masked unless asked for). */
@QuarkusTest
class BlockResourceTest {

    @Test
    void registerAndReadABlockWithASecret() {
        String slug = "secret-store-" + UUID.randomUUID().toString().substring(0, 8);
        String typeId = given().contentType(ContentType.JSON).body(Map.of("name", "Secret Store " + slug, "slug", slug))
                .post("/api/block_types/").then().statusCode(201).body("is_protected", equalTo(false))
                .extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("name", "Secret Store " + slug, "slug", slug))
                .post("/api/block_types/").then().statusCode(409);
        given().get("/api/block_types/slug/{slug}", slug).then().statusCode(200).body("id", equalTo(typeId));
        Map<String, Object> fields = Map.of("title", "SecretStore", "type", "object", "secret_fields", List.of("token"),
                "properties", Map.of("token", Map.of("type", "string"), "path", Map.of("type", "string")));
        Map<String, Object> schema = Map.of("fields", fields, "block_type_id", typeId, "capabilities", List.of("read"),
                "version", "1.0");
        String checksum = given().contentType(ContentType.JSON).body(schema).post("/api/block_schemas/")
                .then().statusCode(201).body("checksum", startsWith("sha256:")).extract().path("checksum");
        String schemaId = given().contentType(ContentType.JSON).body(schema).post("/api/block_schemas/")
                .then().statusCode(200).extract().path("id");
        given().queryParam("version", "1.0").get("/api/block_schemas/checksum/{c}", checksum).then().statusCode(200)
                .body("id", equalTo(schemaId)).body("block_type.slug", equalTo(slug));
        String docId = given().contentType(ContentType.JSON).body(Map.of("name", "mine", "data",
                Map.of("token", "s3cr3t", "path", "/x"), "block_schema_id", schemaId, "block_type_id", typeId))
                .post("/api/block_documents/").then().statusCode(201).extract().path("id");
        given().get("/api/block_documents/{id}", docId).then().statusCode(200)
                .body("data.token", equalTo("**********")).body("data.path", equalTo("/x"))
                .body("block_type_name", equalTo("Secret Store " + slug));
        given().queryParam("include_secrets", true).get("/api/block_documents/{id}", docId).then()
                .body("data.token", equalTo("s3cr3t"));
        given().get("/api/block_documents/{id}", UUID.randomUUID()).then().statusCode(404);
        given().get("/api/block_types/slug/{slug}", "nope-" + UUID.randomUUID()).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("data", Map.of(), "block_schema_id", schemaId,
                "block_type_id", typeId)).post("/api/block_documents/").then().statusCode(422);
    }
}
