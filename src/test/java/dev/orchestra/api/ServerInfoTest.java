package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The server's own version and build commit, documented in the OpenAPI document. */
@QuarkusTest
class ServerInfoTest {

    @Test
    void theBuildIsVisible() {
        String version = ConfigProvider.getConfig().getValue("quarkus.application.version", String.class);
        boolean built = ServerInfoTest.class.getClassLoader().getResource("git.properties") != null;
        given().get("/api/server-info").then().statusCode(200)
                .body("name", equalTo("orchestra-server"))
                .body("version", equalTo(version))
                .body("commit", built ? matchesPattern("[0-9a-f]{40}") : nullValue())
                .body("commit_time", built ? notNullValue() : nullValue())
                .body("prefect_version", equalTo("2.14.21"))
                .body("api_version", equalTo("0.8.4"));
        // Prefect's own version route is unchanged
        given().get("/api/admin/version").then().statusCode(200).body(equalTo("\"2.14.21\""));
    }

    @Test
    void itIsDocumented() {
        given().get("/api/openapi.json").then().statusCode(200)
                .body("paths.'/api/server-info'.get.responses.'200'.content.'application/json'.schema.$ref",
                        equalTo("#/components/schemas/ServerInfo"))
                .body("components.schemas.ServerInfo.properties.commit", notNullValue());
    }
}
