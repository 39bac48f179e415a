package dev.orchestra.ui;

import static dev.orchestra.ui.UiFixtures.flow;
import static dev.orchestra.ui.UiFixtures.flowRun;
import static dev.orchestra.ui.UiFixtures.flowRunStates;
import static dev.orchestra.ui.UiFixtures.taskRun;
import static dev.orchestra.ui.UiFixtures.taskRunState;
import static dev.orchestra.ui.UiFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The web UI's pages over plain HTTP: what each serves, its errors, and that every asset comes from here. */
@QuarkusTest
class WebUiPagesTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"#]+)\"");

    @Test
    void theRootLeadsToTheDashboard() {
        given().redirects().follow(false).when().get("/").then().statusCode(303)
                .header("Location", endsWith("/dashboard"));
        given().when().get("/dashboard").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Run history"));
    }

    @Test
    void everyScriptStyleAndIconIsServedByTheServerItself() {
        List<String> pages = List.of("/dashboard", "/flow-runs", "/flows", "/deployments", "/work-pools",
                "/concurrency-limits");
        List<String> assets = new ArrayList<>();
        for (String page : pages) {
            String html = given().when().get(page).then().statusCode(200).extract().asString();
            Matcher m = ASSET.matcher(html);
            while (m.find()) {
                String url = m.group(1);
                assertFalse(url.startsWith("http:") || url.startsWith("https:") || url.startsWith("//"),
                        page + " loads " + url + " from elsewhere");
                if (url.startsWith("/ui/") || url.startsWith("/webjars/")) {
                    assets.add(url);
                }
            }
        }
        assertTrue(assets.contains("/ui/app.css") && assets.contains("/ui/app.js"), assets.toString());
        assertTrue(assets.stream().anyMatch(a -> a.contains("htmx.min.js")), assets.toString());
        assertTrue(assets.stream().anyMatch(a -> a.contains("echarts.min.js")), assets.toString());
        for (String asset : assets.stream().distinct().toList()) {
            given().when().get(asset).then().statusCode(200);
        }
    }

    @Test
    void aFlowRunPageShowsTheRunItsTasksGraphAndParameters() {
        String flowId = flow(unique("ui-pages-flow"));
        String run = flowRun(flowId, unique("ui-pages-run"), 60, Map.of("city", "Lyon"), List.of("ui-tag"), null);
        flowRunStates(run, "PENDING", "RUNNING");
        String first = taskRun(run, "fetch", List.of());
        taskRunState(first, "RUNNING");
        taskRunState(first, "COMPLETED");
        String second = taskRun(run, "store", List.of(), first);
        taskRunState(second, "RUNNING");

        given().when().get("/flow-runs/flow-run/" + run).then().statusCode(200)
                .body(containsString("Running"), containsString("Lyon"), containsString("ui-tag"),
                        containsString("/flow-runs/task-run/" + first), containsString("/flow-runs/task-run/" + second),
                        containsString("class=\"edge\""), containsString("hx-trigger=\"every 2s\""),
                        containsString("/flow-runs/flow-run/" + run + "/cancel"));
        given().when().get("/flow-runs/task-run/" + second).then().statusCode(200)
                .body(containsString("store"), containsString("Upstream task runs"), containsString("fetch"));
    }

    @Test
    void aFinishedRunIsNotPolledAndCannotBeCancelled() {
        String run = flowRun(flow(unique("ui-pages-flow")), unique("ui-done"), 0, Map.of(), List.of(), null);
        flowRunStates(run, "PENDING", "RUNNING", "COMPLETED");
        given().when().get("/flow-runs/flow-run/" + run).then().statusCode(200)
                .body(containsString("Completed"), not(containsString("hx-trigger=\"every 2s\"")),
                        not(containsString("/cancel\"")));
    }

    @Test
    void missingOrMalformedIdsAreNotFoundPages() {
        for (String path : List.of("/flow-runs/flow-run/" + UUID.randomUUID(), "/flow-runs/flow-run/nope",
                "/flow-runs/task-run/" + UUID.randomUUID(), "/flow-runs/task-run/42", "/flows/flow/x",
                "/flows/flow/" + UUID.randomUUID(), "/deployments/deployment/" + UUID.randomUUID(),
                "/work-pools/work-pool/" + unique("no-such-pool"))) {
            given().when().get(path).then().statusCode(404).contentType(containsString("text/html"))
                    .body(containsString("Not found"));
        }
    }

    @Test
    void stateChangesNeedThePagesOwnRequest() {
        String run = flowRun(flow(unique("ui-pages-flow")), unique("ui-csrf"), 0, Map.of(), List.of(), null);
        given().when().post("/flow-runs/flow-run/" + run + "/cancel").then().statusCode(403);
        given().when().post("/concurrency-limits/" + UUID.randomUUID() + "/reset").then().statusCode(403);
        given().header("HX-Request", "true").when().post("/concurrency-limits/" + UUID.randomUUID() + "/reset")
                .then().statusCode(404);
        given().header("HX-Request", "true").when().post("/flow-runs/flow-run/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(404);
        given().header("HX-Request", "true").when().post("/flow-runs/flow-run/" + run + "/resume").then()
                .statusCode(200).body(containsString("Cannot resume a flow run that is not paused."));
    }

    @Test
    void dashboardFiltersIgnoreWhatTheFormCannotSend() {
        given().queryParam("state", "NOT_A_STATE").queryParam("flow", "x").queryParam("range", "9y")
                .queryParam("tags", " , ").when().get("/flow-runs").then().statusCode(200)
                .body(containsString("Past day"));
    }

    @Test
    void theUiIsNotPartOfTheApiDocument() {
        given().when().get("/api/openapi.json").then().statusCode(200)
                .body(not(containsString("\"/flow-runs/flow-run/{id}\"")), not(containsString("\"/dashboard\"")));
    }
}
