package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** CORS as Prefect 2.14.21 answers it: every origin, method and header allowed, preflights answered. */
@QuarkusTest
class CorsTest {

    private static final String ORIGIN = "http://localhost:4201";

    @Test
    void aRequestNamingItsOriginIsAllowedFromAnywhere() {
        given().header("Origin", ORIGIN).get("/api/health").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*").header("Vary", nullValue());
        given().header("Origin", ORIGIN).contentType("application/json").body("{}")
                .post("/api/flow_runs/filter").then().statusCode(200).header("Access-Control-Allow-Origin", "*");
        // errors too, so the page can read them
        given().header("Origin", ORIGIN).get("/api/flow_runs/" + java.util.UUID.randomUUID()).then()
                .statusCode(404).header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void noOriginNoCorsHeaders() {
        given().get("/api/health").then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void aRequestWithCookiesGetsItsOwnOriginBack() {
        given().header("Origin", ORIGIN).cookie("session", "x").get("/api/health").then().statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN).header("Vary", "Origin");
    }

    @Test
    void preflightsAreAnsweredBeforeRouting() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "content-type,x-prefect-api-version")
                .options("/api/flow_runs/" + java.util.UUID.randomUUID()).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
                .header("Access-Control-Allow-Headers", "content-type,x-prefect-api-version")
                .header("Access-Control-Max-Age", "600")
                .body(equalTo("OK"));
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "TRACE")
                .options("/api/flows/filter").then().statusCode(400).body(equalTo("Disallowed CORS method"));
    }
}
