package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Optional authentication, turned on: every /api route but the probes wants a key or the auth string. */
@QuarkusTest
@TestProfile(EdgeProfile.class)
class ApiAuthTest {

    /** The Prefect 2.14.21 client's headers (recorded traces) with PREFECT_API_KEY set. */
    private static RequestSpecification prefectClient(String apiKey) {
        return given().header("Accept", "*/*").header("Accept-Encoding", "gzip, deflate")
                .header("User-Agent", "python-httpx/0.23.3").header("X-PREFECT-API-VERSION", "0.8.4")
                .header("Authorization", "Bearer " + apiKey);
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRealClientsRequestsPassWithTheKey() {
        prefectClient(EdgeProfile.API_KEY).contentType("application/json")
                .body("{\"name\": \"auth-flow-" + System.nanoTime() + "\", \"tags\": []}")
                .post("/api/flows/").then().statusCode(201);
        prefectClient(EdgeProfile.API_KEY).contentType("application/json").body("{}")
                .post("/api/flow_runs/filter").then().statusCode(200);
    }

    @Test
    void aKeyFromTheMountedFileIsAccepted() {
        prefectClient(EdgeProfile.FILE_API_KEY).get("/api/admin/version").then().statusCode(200);
    }

    @Test
    void prefect3BasicAuthStringIsAccepted() {
        given().header("Authorization", basic(EdgeProfile.AUTH_STRING)).get("/api/admin/version")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer wrong-key", "Bearer pnu_edge-test-ke",
            "Bearer pnu_edge-test-key2", "Token pnu_edge-test-key", "Basic !!not-base64!!",
            "Basic YWRtaW46d3Jvbmc=", // admin:wrong
            "pnu_edge-test-key"})
    void wrongOrMissingCredentialsGetPrefectsUnauthorized(String header) {
        RequestSpecification request = given();
        if (!header.isEmpty()) {
            request = request.header("Authorization", header);
        }
        request.contentType("application/json").body("{}").post("/api/flows/filter").then().statusCode(401)
                .body("exception_message", equalTo("Unauthorized"));
    }

    @Test
    void theApiKeyIsNotABasicPasswordNorTheAuthStringABearerKey() {
        given().header("Authorization", basic(EdgeProfile.API_KEY)).get("/api/flows/count").then().statusCode(401);
        given().header("Authorization", "Bearer " + EdgeProfile.AUTH_STRING).get("/api/admin/version")
                .then().statusCode(401);
    }

    @Test
    void probesStayOpen() {
        given().get("/api/health").then().statusCode(200).body(equalTo("true"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        // only GET and HEAD of the exact path are open
        given().post("/api/health").then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/openapi.json", "/api/docs/", "/api/health/../flows/count", "/api//flows/count",
            "/api/healthz", "/api/health/x", "/api", "/api/server-info", "/api/nothing-here"})
    void everythingElseUnderApiIsProtected(String path) {
        given().urlEncodingEnabled(false).get(path).then().statusCode(401);
    }

    @Test
    void corsPreflightsNeedNoCredentialsAndOnlyTheAllowedOriginIsAnswered() {
        given().header("Origin", EdgeProfile.ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/flow_runs/filter").then().statusCode(200)
                .header("Access-Control-Allow-Origin", EdgeProfile.ALLOWED_ORIGIN)
                .header("Vary", "Origin")
                .header("Access-Control-Allow-Headers", "authorization,content-type");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/flow_runs/filter").then().statusCode(400)
                .header("Access-Control-Allow-Origin", nullValue())
                .body(equalTo("Disallowed CORS origin"));
        // a 401 still carries the CORS headers, so the page can read it
        given().header("Origin", EdgeProfile.ALLOWED_ORIGIN).get("/api/flows/count").then().statusCode(401)
                .header("Access-Control-Allow-Origin", EdgeProfile.ALLOWED_ORIGIN);
        prefectClient(EdgeProfile.API_KEY).header("Origin", "https://evil.example").get("/api/admin/version")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
