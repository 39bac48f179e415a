package dev.orchestra.ui;

import dev.orchestra.schemas.Graph;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Lays out a flow run's graph-v2 as columns: a node stands one column to the right of its deepest upstream
 * node, and nodes of a column are ordered by start time. The template draws the boxes and edges as SVG.
 */
public final class GraphLayout {

    static final int PAD = 16;
    static final int COLUMN = 230;
    static final int ROW = 44;
    static final int BOX_WIDTH = 190;
    static final int BOX_HEIGHT = 30;
    static final int MAX_LABEL = 26;

    /** A node's box: its top-left corner, label, state and page. */
    public record Box(int x, int y, String label, String title, String stateClass, String href, boolean subflow) {
        public int textX() {
            return x + 22;
        }

        public int textY() {
            return y + 19;
        }

        public int dotX() {
            return x + 11;
        }

        public int dotY() {
            return y + BOX_HEIGHT / 2;
        }
    }

    /** The laid-out graph; {@code edges} are SVG path data. */
    public record View(int width, int height, List<Box> boxes, List<String> edges) {
        public int boxWidth() {
            return BOX_WIDTH;
        }

        public int boxHeight() {
            return BOX_HEIGHT;
        }
    }

    private GraphLayout() {
    }

    static View layout(Graph graph) {
        Map<UUID, Graph.Node> nodes = new HashMap<>();
        for (Graph.Entry e : graph.nodes()) {
            nodes.put(e.id(), e.node());
        }
        Map<UUID, Integer> depth = new HashMap<>();
        for (UUID id : nodes.keySet()) {
            depth(id, nodes, depth, new HashSet<>());
        }
        Map<Integer, List<Graph.Node>> columns = new HashMap<>();
        for (Graph.Node n : nodes.values()) {
            columns.computeIfAbsent(depth.get(n.id()), d -> new ArrayList<>()).add(n);
        }
        Comparator<Graph.Node> byStart = Comparator.comparing(Graph.Node::startTime,
                Comparator.nullsLast(Comparator.<OffsetDateTime>naturalOrder()))
                .thenComparing(Graph.Node::label, Comparator.nullsLast(Comparator.<String>naturalOrder()))
                .thenComparing(Graph.Node::id);
        Map<UUID, Box> boxes = new HashMap<>();
        List<Box> ordered = new ArrayList<>();
        int rows = 0;
        int columnCount = columns.isEmpty() ? 0 : columns.keySet().stream().max(Integer::compare).get() + 1;
        for (int c = 0; c < columnCount; c++) {
            List<Graph.Node> column = columns.getOrDefault(c, List.of());
            column.sort(byStart);
            for (int r = 0; r < column.size(); r++) {
                Graph.Node n = column.get(r);
                String label = n.label() == null ? String.valueOf(n.id()) : n.label();
                boolean subflow = "flow-run".equals(n.kind());
                Box b = new Box(PAD + c * COLUMN, PAD + r * ROW,
                        label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL - 1) + "…" : label, label,
                        UiFormat.stateClass(n.stateType()),
                        (subflow ? "/flow-runs/flow-run/" : "/flow-runs/task-run/") + n.id(), subflow);
                boxes.put(n.id(), b);
                ordered.add(b);
            }
            rows = Math.max(rows, column.size());
        }
        List<String> edges = new ArrayList<>();
        for (Graph.Node n : nodes.values()) {
            Box to = boxes.get(n.id());
            for (Graph.Edge parent : n.parents()) {
                Box from = boxes.get(parent.id());
                if (from != null) {
                    int x1 = from.x() + BOX_WIDTH;
                    int y1 = from.y() + BOX_HEIGHT / 2;
                    int x2 = to.x();
                    int y2 = to.y() + BOX_HEIGHT / 2;
                    int bend = (x2 - x1) / 2;
                    edges.add("M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2
                            + " " + x2 + "," + y2);
                }
            }
        }
        int width = PAD * 2 + Math.max(0, columnCount - 1) * COLUMN + BOX_WIDTH;
        int height = PAD * 2 + Math.max(1, rows) * ROW - (ROW - BOX_HEIGHT);
        return new View(width, height, ordered, edges);
    }

    /** The longest path from a root to the node; a cycle (not expected) is cut where it closes. */
    private static int depth(UUID id, Map<UUID, Graph.Node> nodes, Map<UUID, Integer> memo, Set<UUID> visiting) {
        Integer known = memo.get(id);
        if (known != null) {
            return known;
        }
        Graph.Node n = nodes.get(id);
        if (n == null || !visiting.add(id)) {
            return -1;
        }
        int d = 0;
        for (Graph.Edge p : n.parents()) {
            if (nodes.containsKey(p.id())) {
                d = Math.max(d, depth(p.id(), nodes, memo, visiting) + 1);
            }
        }
        visiting.remove(id);
        memo.put(id, d);
        return d;
    }
}
