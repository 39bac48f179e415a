package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OpenAPI document a client generator reads: every operation named once and stable, Swagger UI served. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyOperationHasAUniquePrefectStyleIdAndTheDocsAreServed() throws Exception {
        String text = given().get("/api/openapi.json").then().statusCode(200).extract().asString();
        JsonNode doc = new ObjectMapper().readTree(text);
        List<String> missing = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode id = op.getValue().get("operationId");
            if (id == null || !ids.add(id.asText())) {
                missing.add(op.getKey() + " " + path.getKey());
            }
        }));
        assertTrue(missing.isEmpty(), "operations without a unique operationId: " + missing);
        for (String route : List.of("/api/flow_runs/{id}/set_state", "/api/task_runs/{id}/set_state",
                "/api/flow_runs/filter", "/api/flows", "/api/health")) {
            assertTrue(doc.get("paths").has(route), route + " is not documented");
        }
        // the document names collection routes without the trailing slash; both spellings are served
        given().contentType("application/json").body("{\"name\": \"openapi-" + System.nanoTime() + "\"}")
                .post("/api/flows").then().statusCode(201);
        assertTrue(ids.contains("set_flow_run_state_flow_runs__id__set_state_post"));
        given().get("/api/docs/").then().statusCode(200);
    }
}
