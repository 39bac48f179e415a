package dev.orchestra.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.schemas.Graph;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pieces the pages are made of, without a server: layout, timeline, formats, filters from the address. */
class UiViewsTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-12-01T10:00:00Z");

    @Test
    void aNodeStandsOneColumnRightOfItsDeepestUpstreamNode() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        List<Graph.Entry> nodes = new ArrayList<>();
        nodes.add(entry(a, "task-run", "a", T0, List.of()));
        nodes.add(entry(b, "task-run", "b", T0.plusSeconds(1), List.of(a)));
        nodes.add(entry(d, "flow-run", "d", T0.plusSeconds(2), List.of(a)));
        nodes.add(entry(c, "task-run", "c", T0.plusSeconds(3), List.of(b, a)));
        GraphLayout.View view = GraphLayout.layout(new Graph(T0, null, List.of(a), nodes));

        Map<String, GraphLayout.Box> byLabel = new java.util.HashMap<>();
        view.boxes().forEach(box -> byLabel.put(box.label(), box));
        assertEquals(GraphLayout.PAD, byLabel.get("a").x());
        assertEquals(GraphLayout.PAD + GraphLayout.COLUMN, byLabel.get("b").x());
        assertEquals(byLabel.get("b").x(), byLabel.get("d").x());
        assertTrue(byLabel.get("b").y() < byLabel.get("d").y(), "a column is ordered by start time");
        assertEquals(GraphLayout.PAD + 2 * GraphLayout.COLUMN, byLabel.get("c").x());
        assertEquals(4, view.edges().size());
        assertEquals("/flow-runs/flow-run/" + d, byLabel.get("d").href());
        assertTrue(byLabel.get("d").subflow());
        assertEquals("/flow-runs/task-run/" + a, byLabel.get("a").href());
        assertEquals("state-completed", byLabel.get("a").stateClass());
        assertEquals(GraphLayout.PAD * 2 + 2 * GraphLayout.COLUMN + GraphLayout.BOX_WIDTH, view.width());
    }

    @Test
    void longLabelsAreCutAndAnEmptyGraphHasNoBoxes() {
        UUID a = UUID.randomUUID();
        String name = "a-task-with-a-very-long-name-indeed";
        GraphLayout.View view = GraphLayout.layout(new Graph(T0, null, List.of(a),
                List.of(entry(a, "task-run", name, T0, List.of()))));
        assertEquals(GraphLayout.MAX_LABEL, view.boxes().get(0).label().length());
        assertEquals(name, view.boxes().get(0).title());
        assertEquals(List.of(), GraphLayout.layout(new Graph(T0, null, List.of(), List.of())).boxes());
    }

    @Test
    void eachStateLastsUntilTheNextAndTheLastUntilNowWhileTheRunGoes() {
        List<State> states = List.of(
                State.of(StateType.RUNNING, null, T0.plusSeconds(10)),
                State.of(StateType.PENDING, null, T0));
        List<Views.Span> spans = Views.timeline(states, null, T0.plusSeconds(40));
        assertEquals(StateType.PENDING, spans.get(0).state().type());
        assertEquals(Duration.ofSeconds(10), spans.get(0).length());
        assertEquals(Duration.ofSeconds(30), spans.get(1).length());
        assertEquals("25.00", spans.get(0).percent());
        assertEquals("75.00", spans.get(1).percent());

        List<Views.Span> over = Views.timeline(List.of(State.of(StateType.PENDING, null, T0),
                State.of(StateType.COMPLETED, null, T0.plusSeconds(5))), T0.plusSeconds(5), T0.plusSeconds(99));
        assertEquals(Duration.ZERO, over.get(1).length());
        assertEquals("1.50", over.get(1).percent());
    }

    @Test
    void durationsReadTheWayAPersonReadsThem() {
        assertEquals("—", UiFormat.duration(null));
        assertEquals("350ms", UiFormat.duration(Duration.ofMillis(350)));
        assertEquals("12s", UiFormat.duration(Duration.ofSeconds(12)));
        assertEquals("1m 05s", UiFormat.duration(Duration.ofSeconds(65)));
        assertEquals("2h 03m", UiFormat.duration(Duration.ofMinutes(123)));
        assertEquals("3d 04h", UiFormat.duration(Duration.ofHours(76)));
        assertEquals("2026-12-01 10:00:00", UiFormat.time(T0));
        assertEquals("Late", UiFormat.stateName(StateType.SCHEDULED, "Late"));
        assertEquals("Scheduled", UiFormat.stateName(StateType.SCHEDULED, null));
    }

    @Test
    void theDashboardReadsItsAddressLenientlyAndWritesItBack() {
        UUID flow = UUID.randomUUID();
        RunQuery q = RunQuery.parse(flow.toString(), List.of("failed", "NOPE", "FAILED", "crashed"), "a, b c,,a",
                "7d");
        assertEquals(List.of(StateType.FAILED, StateType.CRASHED), q.states());
        assertEquals(List.of("a", "b c"), q.tags());
        assertEquals(RunQuery.Range.WEEK, q.range());
        assertEquals("/flow-runs?range=7d&flow=" + flow + "&state=FAILED&state=CRASHED&tags=a%2C+b+c",
                q.href("flow-runs"));

        RunQuery none = RunQuery.parse("not-a-uuid", null, null, "forever");
        assertNull(none.flowId());
        assertEquals(RunQuery.Range.DAY, none.range());
        assertTrue(!none.filtered());
    }

    @Test
    void filtersBecomeTheApisOwnFilterObjects() {
        ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        mapper.findAndRegisterModules();
        RunQuery q = RunQuery.parse(UUID.randomUUID().toString(), List.of("FAILED"), "nightly", "1h");
        var filters = q.runFilters(mapper, T0);
        assertEquals(List.of(StateType.FAILED), filters.flowRuns().state().type().any());
        assertEquals(List.of("nightly"), filters.flowRuns().tags().all());
        assertEquals(T0.toInstant(), filters.flowRuns().expectedStartTime().after().toInstant());
        assertEquals(List.of(q.flowId()), filters.flows().id().any());
        assertNull(q.historyFilters(mapper).flowRuns().expectedStartTime());
    }

    @Test
    void schedulesInAFewWords() {
        ObjectMapper mapper = new ObjectMapper();
        assertEquals("every 1h 00m", CatalogPages.schedule(mapper.valueToTree(Map.of("interval", 3600))));
        assertEquals("cron 0 3 * * 1 (UTC)", CatalogPages.schedule(mapper.valueToTree(
                Map.of("cron", "0 3 * * 1", "timezone", "UTC"))));
        assertEquals("rrule FREQ=DAILY", CatalogPages.schedule(mapper.valueToTree(Map.of("rrule", "FREQ=DAILY"))));
        assertEquals("", CatalogPages.schedule(null));
    }

    private static Graph.Entry entry(UUID id, String kind, String label, OffsetDateTime start, List<UUID> parents) {
        return new Graph.Entry(id, new Graph.Node(kind, id, label, StateType.COMPLETED, start, null,
                parents.stream().map(Graph.Edge::new).toList(), List.of()));
    }
}
