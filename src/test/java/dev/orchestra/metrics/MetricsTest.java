package dev.orchestra.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Scrapes /q/metrics after real requests and checks the series an operator needs. */
@QuarkusTest
class MetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the samples of {@code name} whose labels include every given one. */
    static double value(String scrape, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String all = m.group(3) == null ? "" : m.group(3);
            boolean matches = labels.entrySet().stream()
                    .allMatch(e -> all.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (matches) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }

    private static String createFlowRun(String flowId, String body) {
        return given().contentType("application/json").body(body.replace("FLOW", flowId)).post("/api/flow_runs/")
                .then().statusCode(201).extract().path("id");
    }

    private static String setState(String kind, String id, String type) {
        return given().contentType("application/json").body("{\"state\": {\"type\": \"" + type + "\"}}")
                .post("/api/" + kind + "/" + id + "/set_state").then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)))
                .extract().path("status");
    }

    @Test
    void orchestrationOutcomesRunsCreatedAndSlotWaits() {
        String before = scrape();
        String tag = "metrics-" + UUID.randomUUID();
        String flowId = given().contentType("application/json").body("{\"name\": \"" + tag + "\"}")
                .post("/api/flows/").then().statusCode(201).extract().path("id");

        // a flow run that fails with a retry left: REJECT by RetryFailedFlows (to AwaitingRetry)
        String retrying = createFlowRun(flowId,
                "{\"flow_id\": \"FLOW\", \"empirical_policy\": {\"retries\": 1, \"retry_delay\": 0}}");
        assertEquals("ACCEPT", setState("flow_runs", retrying, "RUNNING"));
        assertEquals("REJECT", setState("flow_runs", retrying, "FAILED"));

        // two task runs on a tag limited to one: the second WAITs (SecureTaskConcurrencySlots)
        String flowRun = createFlowRun(flowId, "{\"flow_id\": \"FLOW\"}");
        assertEquals("ACCEPT", setState("flow_runs", flowRun, "RUNNING"));
        given().contentType("application/json").body("{\"tag\": \"" + tag + "\", \"concurrency_limit\": 1}")
                .post("/api/concurrency_limits/").then().statusCode(200);
        String[] tasks = new String[2];
        for (int i = 0; i < 2; i++) {
            tasks[i] = given().contentType("application/json").body("{\"flow_run_id\": \"" + flowRun
                    + "\", \"task_key\": \"k\", \"dynamic_key\": \"" + i + "\", \"tags\": [\"" + tag + "\"]}")
                    .post("/api/task_runs/").then().statusCode(201).extract().path("id");
        }
        assertEquals("ACCEPT", setState("task_runs", tasks[0], "RUNNING"));
        assertEquals("WAIT", setState("task_runs", tasks[1], "RUNNING"));
        given().delete("/api/concurrency_limits/tag/" + tag).then().statusCode(200);

        String after = scrape();
        assertEquals(2, delta(before, after, "orchestra_runs_created_total", Map.of("kind", "flow_run")));
        assertEquals(2, delta(before, after, "orchestra_runs_created_total", Map.of("kind", "task_run")));
        assertEquals(1, delta(before, after, "orchestra_orchestration_outcomes_total",
                Map.of("policy", "CoreFlowPolicy", "rule", "RetryFailedFlows", "status", "REJECT")));
        // slot waiters hold the refused request and try it again while it waits: every try is an orchestration
        // that answered WAIT, the last one the answer the client gets
        double waits = delta(before, after, "orchestra_orchestration_outcomes_total",
                Map.of("policy", "CoreTaskPolicy", "rule", "SecureTaskConcurrencySlots", "status", "WAIT"));
        assertTrue(waits >= 1, "WAIT outcomes: " + waits);
        assertEquals(2, delta(before, after, "orchestra_orchestration_outcomes_total",
                Map.of("policy", "CoreFlowPolicy", "rule", "none", "status", "ACCEPT")));
        assertEquals(1, delta(before, after, "orchestra_orchestration_outcomes_total",
                Map.of("policy", "CoreTaskPolicy", "rule", "none", "status", "ACCEPT")));
        // a run's first state is forced through the minimal policy
        assertEquals(4, delta(before, after, "orchestra_orchestration_outcomes_total",
                Map.of("status", "ACCEPT", "rule", "none", "policy", "MinimalFlowPolicy"))
                + delta(before, after, "orchestra_orchestration_outcomes_total",
                        Map.of("status", "ACCEPT", "rule", "none", "policy", "MinimalTaskPolicy")));
        assertEquals(waits, delta(before, after, "orchestra_task_concurrency_slot_waits_total", Map.of()));
    }

    @Test
    void httpLatencyIsAHistogramPerRouteTemplate() {
        String flowId = given().contentType("application/json").body("{\"name\": \"metrics-http\"}")
                .post("/api/flows/").then().statusCode(201).extract().path("id");
        String runId = createFlowRun(flowId, "{\"flow_id\": \"FLOW\"}");
        given().get("/api/flow_runs/" + runId).then().statusCode(200);
        String missing = UUID.randomUUID().toString();
        given().get("/api/flow_runs/" + missing).then().statusCode(404);
        String unrouted = UUID.randomUUID().toString();
        given().get("/api/no-such-route/" + unrouted).then().statusCode(404);

        String scrape = scrape();
        Map<String, String> read = Map.of("method", "GET", "uri", "/api/flow_runs/{id}", "status", "200");
        assertTrue(value(scrape, "http_server_requests_seconds_count", read) >= 1, "no read series");
        // cumulative buckets: the +Inf bucket counts every request, the 10 s bucket all of them here
        assertEquals(value(scrape, "http_server_requests_seconds_count", read),
                value(scrape, "http_server_requests_seconds_bucket", with(read, "le", "+Inf")));
        assertTrue(value(scrape, "http_server_requests_seconds_bucket", with(read, "le", "10.0")) >= 1);
        assertTrue(value(scrape, "http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/api/flow_runs", "status", "201")) >= 1);
        assertTrue(value(scrape, "http_server_requests_seconds_count",
                Map.of("method", "GET", "uri", "/api/flow_runs/{id}", "status", "404")) >= 1);
        for (String raw : new String[] {runId, missing, unrouted}) {
            assertFalse(scrape.contains(raw), "a raw path is a label: " + raw);
        }
    }

    @Test
    void theDatabasePoolIsMeasured() {
        given().contentType("application/json").body("{}").post("/api/flow_runs/filter").then().statusCode(200);
        String scrape = scrape();
        Map<String, String> pool = Map.of("pool_type", "sql");
        assertTrue(value(scrape, "sql_pool_completed_total", pool) >= 1, "no pool acquisitions counted");
        assertTrue(scrape.contains("sql_pool_active{"), "no pool usage gauge");
        assertTrue(scrape.contains("sql_pool_queue_size{"), "no pool wait queue gauge");
        assertTrue(value(scrape, "sql_pool_queue_delay_seconds_count", pool) >= 1, "no pool wait time");
        assertTrue(value(scrape, "sql_pool_queue_delay_seconds_bucket", with(pool, "le", "+Inf")) >= 1,
                "pool wait time has no histogram");
        assertTrue(value(scrape, "sql_pool_usage_seconds_count", pool) >= 1, "no pool usage time");
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>(labels);
        out.put(key, value);
        return out;
    }

    private static double delta(String before, String after, String name, Map<String, String> labels) {
        return value(after, name, labels) - value(before, name, labels);
    }
}
