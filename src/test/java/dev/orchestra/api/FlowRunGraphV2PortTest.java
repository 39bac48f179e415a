package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Port of Prefect 2.14.21's {@code tests/server/api/test_flow_run_graph_v2.py} through {@code GET
 * /flow_runs/{id}/graph-v2}. Prefect's fixtures add run rows directly (state type and times, no states), so these
 * do the same with SQL. The node limit case runs in {@link FlowRunGraphV2LimitPortTest} (it needs another
 * setting).
 */
@QuarkusTest
class FlowRunGraphV2PortTest {

    /** One node as the comparison needs it: times as instants, edges as id lists. */
    record Node(String id, String kind, String label, String stateType, Instant start, Instant end,
            List<String> parents, List<String> children) {
    }

    record Graph(Instant start, Instant end, List<String> roots, List<Node> nodes) {
    }

    static Instant instant(Object text) {
        return text == null ? null : OffsetDateTime.parse((String) text).toInstant();
    }

    @SuppressWarnings("unchecked")
    static Graph read(ValidatableResponse response) {
        Map<String, Object> body = response.statusCode(200).extract().path("$");
        List<Node> nodes = new ArrayList<>();
        for (List<Object> pair : (List<List<Object>>) body.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) pair.get(1);
            assertEquals(pair.get(0), n.get("id"));
            nodes.add(new Node((String) n.get("id"), (String) n.get("kind"), (String) n.get("label"),
                    (String) n.get("state_type"), instant(n.get("start_time")), instant(n.get("end_time")),
                    ((List<Map<String, Object>>) n.get("parents")).stream().map(e -> (String) e.get("id")).toList(),
                    ((List<Map<String, Object>>) n.get("children")).stream().map(e -> (String) e.get("id")).toList()));
        }
        return new Graph(instant(body.get("start_time")), instant(body.get("end_time")),
                (List<String>) body.get("root_node_ids"), nodes);
    }

    static Graph graph(String flowRunId) {
        return read(given().get("/api/flow_runs/{id}/graph-v2", flowRunId).then());
    }

    static Graph graph(String flowRunId, OffsetDateTime since) {
        return read(given().queryParam("since", since.toString()).get("/api/flow_runs/{id}/graph-v2", flowRunId)
                .then());
    }

    /** Prefect's assert_graph_is_connected: ordering by start time, roots, and edges seen from both ends. */
    static void assertGraphIsConnected(Graph graph, boolean incremental) {
        Map<String, Node> byId = new HashMap<>();
        graph.nodes().forEach(n -> byId.put(n.id(), n));
        assertOrderedByStartTime(graph.nodes().stream().map(Node::id).toList(), byId, incremental);
        for (Node node : graph.nodes()) {
            if (node.parents().isEmpty()) {
                assertTrue(graph.roots().contains(node.id()));
            }
            for (String parent : node.parents()) {
                Node p = byId.get(parent);
                if (p == null) {
                    assertTrue(incremental, "missing parent " + parent);
                    continue;
                }
                assertTrue(p.children().contains(node.id()));
            }
            assertOrderedByStartTime(node.parents(), byId, incremental);
            for (String child : node.children()) {
                Node c = byId.get(child);
                if (c == null) {
                    assertTrue(incremental, "missing child " + child);
                    continue;
                }
                assertTrue(c.parents().contains(node.id()));
            }
            assertOrderedByStartTime(node.children(), byId, incremental);
        }
    }

    static void assertOrderedByStartTime(List<String> ids, Map<String, Node> byId, boolean incremental) {
        Instant last = Instant.parse("1978-06-04T00:00:00Z");
        for (String id : ids) {
            Node node = byId.get(id);
            if (node == null) {
                assertTrue(incremental, "missing node " + id);
                continue;
            }
            assertTrue(!node.start().isBefore(last), "ordered by start time");
            last = node.start();
        }
    }

    // ------------------------------------------------------------------ fixtures

    static OffsetDateTime baseTime() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).minusMinutes(5);
    }

    record Run(String id, String flowId, String flowName, String name) {
    }

    static Run flowRun(OffsetDateTime base, OffsetDateTime start) {
        String flowName = unique("flow");
        String flowId = flow(flowName);
        String id = UUID.randomUUID().toString();
        String name = unique("run");
        sql("INSERT INTO flow_run (id, name, flow_id, state_type, state_name, expected_start_time, start_time,"
                + " end_time) VALUES (?, ?, ?, 'COMPLETED', 'Irrelevant', ?, ?, ?)", id, name, flowId,
                base.minusSeconds(1), start, base.plusMinutes(5));
        return new Run(id, flowId, flowName, name);
    }

    static String taskRun(String flowRunId, String name, String stateType, String stateName, OffsetDateTime expected,
            OffsetDateTime start, OffsetDateTime end, String inputs) {
        String id = UUID.randomUUID().toString();
        sql("INSERT INTO task_run (id, flow_run_id, name, task_key, dynamic_key, state_type, state_name,"
                + " expected_start_time, start_time, end_time, task_inputs)"
                + " VALUES (?, ?, ?, ?, ?, ?::state_type, ?, ?, ?, ?, ?::jsonb)", id, flowRunId, name, name, name,
                stateType, stateName, expected, start, end, inputs);
        return id;
    }

    static String completedTask(String flowRunId, int i, OffsetDateTime base, String inputs) {
        return taskRun(flowRunId, "task-" + i, "COMPLETED", "Irrelevant", base.plusSeconds(i).minusNanos(1000),
                base.plusSeconds(i), base.plusMinutes(1).plusSeconds(i), inputs);
    }

    /** A PENDING task that would otherwise qualify: excluded from graphs. */
    static void pendingTask(String flowRunId, OffsetDateTime base) {
        taskRun(flowRunId, "task-pending", "PENDING", "Irrelevant", base.plusSeconds(3).minusNanos(1000),
                base.plusSeconds(3), base.plusMinutes(1).plusSeconds(3), "{}");
    }

    /** task-0 and task-1 feed task-4; task-2 and task-3 feed task-5. */
    static List<String> linkedTasks(String flowRunId, OffsetDateTime base) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(completedTask(flowRunId, i, base, "{}"));
        }
        for (int j = 0; j < 2; j++) {
            ids.add(completedTask(flowRunId, 4 + j, base, "{\"x\": [{\"id\": \"" + ids.get(2 * j)
                    + "\", \"input_type\": \"task_run\"}], \"y\": [{\"id\": \"" + ids.get(2 * j + 1)
                    + "\", \"input_type\": \"task_run\"}]}"));
        }
        pendingTask(flowRunId, base);
        return ids;
    }

    static Node taskNode(String id, int i, OffsetDateTime start, OffsetDateTime end, List<String> parents,
            List<String> children) {
        return new Node(id, "task-run", "task-" + i, "COMPLETED", start.toInstant(), end.toInstant(), parents,
                children);
    }

    static List<Node> linkedNodes(List<String> t, OffsetDateTime base, long startOffsetMicros) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<String> parents = i == 4 ? List.of(t.get(0), t.get(1)) : i == 5 ? List.of(t.get(2), t.get(3))
                    : List.of();
            List<String> children = i < 2 ? List.of(t.get(4)) : i < 4 ? List.of(t.get(5)) : List.of();
            nodes.add(taskNode(t.get(i), i, base.plusSeconds(i).minusNanos(startOffsetMicros * 1000),
                    base.plusMinutes(1).plusSeconds(i), parents, children));
        }
        return nodes;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void readingGraphForNonexistantFlowRun() {
        UUID id = UUID.randomUUID();
        given().get("/api/flow_runs/{id}/graph-v2", id).then().statusCode(404)
                .body("exception_message", equalTo("Flow run " + id + " not found"));
    }

    @Test
    void readingGraphForUnstartedFlowRunUsesExpectedStartTime() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, null);
        sql("UPDATE flow_run SET end_time = NULL WHERE id = ?", run.id());
        Graph graph = graph(run.id());
        assertEquals(base.minusSeconds(1).toInstant(), graph.start());
        assertEquals(null, graph.end());
        assertEquals(List.of(), graph.roots());
        assertEquals(List.of(), graph.nodes());
    }

    @Test
    void readingGraphForFlowRunWithNoTasks() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        Graph graph = graph(run.id());
        assertEquals(base.toInstant(), graph.start());
        assertEquals(base.plusMinutes(5).toInstant(), graph.end());
        assertEquals(List.of(), graph.roots());
        assertEquals(List.of(), graph.nodes());
    }

    @Test
    void readingGraphForFlowRunWithFlatTasks() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(completedTask(run.id(), i, base, "{}"));
        }
        pendingTask(run.id(), base);
        // a RUNNING task with no start time is left out
        taskRun(run.id(), "task-running", "RUNNING", "Irrelevant", null, null, null, "{}");
        // a Cached task is COMPLETED without start and end times: its expected start stands in for both
        sql("UPDATE task_run SET start_time = NULL, end_time = NULL, state_name = 'Cached' WHERE id = ?", ids.get(2));

        Graph graph = graph(run.id());
        assertEquals(base.toInstant(), graph.start());
        assertEquals(base.plusMinutes(5).toInstant(), graph.end());
        assertEquals(ids, graph.roots());
        List<Node> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            OffsetDateTime expectedStart = base.plusSeconds(i).minusNanos(1000);
            boolean cached = i == 2;
            expected.add(taskNode(ids.get(i), i, cached ? expectedStart : base.plusSeconds(i),
                    cached ? expectedStart : base.plusMinutes(1).plusSeconds(i), List.of(), List.of()));
        }
        assertEquals(expected, graph.nodes());
        assertGraphIsConnected(graph, false);
    }

    @Test
    void readingGraphForFlowRunWithLinkedTasks() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        List<String> tasks = linkedTasks(run.id(), base);
        Graph graph = graph(run.id());
        assertEquals(base.toInstant(), graph.start());
        assertEquals(base.plusMinutes(5).toInstant(), graph.end());
        assertEquals(tasks.subList(0, 4), graph.roots());
        assertGraphIsConnected(graph, false);
        assertEquals(linkedNodes(tasks, base, 0), graph.nodes());
    }

    @Test
    void readingGraphForFlowRunWithLinkedUnstartedTasks() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        List<String> tasks = linkedTasks(run.id(), base);
        for (String id : tasks) {
            sql("UPDATE task_run SET start_time = NULL WHERE id = ?", id);
        }
        Graph graph = graph(run.id());
        assertEquals(tasks.subList(0, 4), graph.roots());
        assertGraphIsConnected(graph, false);
        assertEquals(linkedNodes(tasks, base, 1), graph.nodes());
    }

    @Test
    void readingGraphForFlowRunWithLinkedTasksIncrementally() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        List<String> tasks = linkedTasks(run.id(), base);
        // just after the second task ends: only the last four
        OffsetDateTime since = base.plusMinutes(1).plusSeconds(1).plusNanos(1_000_000);
        Graph graph = graph(run.id(), since);
        assertEquals(base.toInstant(), graph.start());
        assertEquals(base.plusMinutes(5).toInstant(), graph.end());
        assertEquals(tasks.subList(2, 4), graph.roots());
        assertGraphIsConnected(graph, true);
        // task-4 keeps its edges to tasks that already ended and are not in the list
        assertEquals(linkedNodes(tasks, base, 0).subList(2, 6), graph.nodes());
    }

    /** A completed subflow run under a wrapper task: a flow-run node labelled "flow / run". */
    static Run subflowRun(Run parent, OffsetDateTime base, OffsetDateTime start) {
        String wrapper = taskRun(parent.id(), "task-0", "COMPLETED", "Irrelevant", base.minusNanos(1000),
                base.plusSeconds(1), base.plusMinutes(1), "{}");
        String id = UUID.randomUUID().toString();
        String name = unique("subflow");
        sql("INSERT INTO flow_run (id, name, flow_id, state_type, state_name, expected_start_time, start_time,"
                + " end_time, parent_task_run_id) VALUES (?, ?, ?, 'COMPLETED', 'Irrelevant', ?, ?, ?, ?)", id, name,
                parent.flowId(), base.minusNanos(1000), start, base.plusMinutes(5), wrapper);
        return new Run(id, parent.flowId(), parent.flowName(), name);
    }

    @Test
    void readingGraphWithSubflowRun() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        Run subflow = subflowRun(run, base, base);
        Graph graph = graph(run.id());
        assertEquals(base.toInstant(), graph.start());
        assertEquals(base.plusMinutes(5).toInstant(), graph.end());
        assertEquals(List.of(subflow.id()), graph.roots());
        assertGraphIsConnected(graph, false);
        assertEquals(List.of(new Node(subflow.id(), "flow-run", run.flowName() + " / " + subflow.name(),
                "COMPLETED", base.toInstant(), base.plusMinutes(5).toInstant(), List.of(), List.of())),
                graph.nodes());
    }

    @Test
    void readingGraphWithUnstartedSubflowRun() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        Run subflow = subflowRun(run, base, null);
        Graph graph = graph(run.id());
        assertEquals(List.of(subflow.id()), graph.roots());
        assertGraphIsConnected(graph, false);
        assertEquals(List.of(new Node(subflow.id(), "flow-run", run.flowName() + " / " + subflow.name(),
                "COMPLETED", base.minusNanos(1000).toInstant(), base.plusMinutes(5).toInstant(), List.of(),
                List.of())), graph.nodes());
    }

    @Test
    void stateTypesAreTrueStateTypeEnums() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        subflowRun(run, base, base);
        given().get("/api/flow_runs/{id}/graph-v2", run.id()).then().statusCode(200)
                .body("nodes[0][1].state_type", equalTo("COMPLETED"));
    }

    @Test
    void apiIncremental() {
        OffsetDateTime base = baseTime();
        Run run = flowRun(base, base);
        given().queryParam("since", "2023-06-04T01:02:03Z").get("/api/flow_runs/{id}/graph-v2", run.id()).then()
                .statusCode(200).body("root_node_ids", equalTo(List.of()));
        given().queryParam("since", "not a time").get("/api/flow_runs/{id}/graph-v2", run.id()).then()
                .statusCode(422).body("exception_detail[0].loc", equalTo(List.of("query", "since")));
    }
}
