package dev.orchestra.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.schemas.HistoryResponse;
import dev.orchestra.schemas.StateType;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's history chart and state counts, from one answer of the history route: runs per state type
 * per interval (the chart's stacked bars) and their totals over the whole window (the counts).
 */
public record HistoryChart(String json, List<StateCount> counts, long total) {

    /** The runs of one state type in the window. */
    public record StateCount(StateType type, long count) {
    }

    /** Bar order, bottom to top, and the order of the counts. */
    static final List<StateType> ORDER = List.of(StateType.COMPLETED, StateType.RUNNING, StateType.SCHEDULED,
            StateType.PENDING, StateType.PAUSED, StateType.CANCELLING, StateType.CANCELLED, StateType.FAILED,
            StateType.CRASHED);

    static HistoryChart of(List<HistoryResponse> intervals, long intervalSeconds, ObjectMapper mapper) {
        DateTimeFormatter label = DateTimeFormatter.ofPattern(intervalSeconds >= 86400 ? "MMM d"
                : intervalSeconds >= 3600 ? "MMM d HH:mm" : "HH:mm");
        Map<StateType, long[]> perType = new EnumMap<>(StateType.class);
        ObjectNode chart = mapper.createObjectNode();
        ArrayNode labels = chart.putArray("labels");
        for (int i = 0; i < intervals.size(); i++) {
            HistoryResponse h = intervals.get(i);
            labels.add(h.intervalStart().atZoneSameInstant(ZoneOffset.UTC).format(label));
            for (HistoryResponse.HistoryState s : h.states()) {
                perType.computeIfAbsent(s.stateType(), t -> new long[intervals.size()])[i] += s.countRuns();
            }
        }
        ArrayNode series = chart.putArray("series");
        List<StateCount> counts = new ArrayList<>();
        long total = 0;
        for (StateType type : ORDER) {
            long[] values = perType.get(type);
            if (values == null) {
                continue;
            }
            long sum = 0;
            ObjectNode one = series.addObject();
            one.put("name", type.defaultName());
            one.put("state", type.name().toLowerCase());
            ArrayNode data = one.putArray("data");
            for (long v : values) {
                data.add(v);
                sum += v;
            }
            counts.add(new StateCount(type, sum));
            total += sum;
        }
        return new HistoryChart(chart.toString(), List.copyOf(counts), total);
    }
}
