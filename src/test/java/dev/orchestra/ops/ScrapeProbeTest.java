package dev.orchestra.ops;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScrapeProbeTest {
    @Test
    void dump() throws Exception {
        given().contentType("application/json").body("{\"name\":\"probe\"}").post("/api/flows/").then().statusCode(201);
        given().get("/api/flows/" + java.util.UUID.randomUUID()).then().statusCode(404);
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Files.writeString(Path.of("/tmp/edge-metrics.txt"), body);
    }
}
