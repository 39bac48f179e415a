package dev.orchestra.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The runs dashboard's filters, read leniently from the query string (a value the form cannot produce is
 * ignored rather than refused), and turned into the API's own filter objects.
 */
public record RunQuery(UUID flowId, List<StateType> states, List<String> tags, Range range) {

    /** The time windows the dashboard offers, with the history interval that gives each about 30-60 bars. */
    public enum Range {
        HOUR("1h", "Past hour", Duration.ofHours(1), 60),
        DAY("24h", "Past day", Duration.ofDays(1), 1800),
        WEEK("7d", "Past 7 days", Duration.ofDays(7), 4 * 3600),
        MONTH("30d", "Past 30 days", Duration.ofDays(30), 86400);

        public final String key;
        public final String label;
        public final Duration length;
        public final long intervalSeconds;

        Range(String key, String label, Duration length, long intervalSeconds) {
            this.key = key;
            this.label = label;
            this.length = length;
            this.intervalSeconds = intervalSeconds;
        }

        static Range of(String key) {
            return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst().orElse(DAY);
        }
    }

    public static RunQuery parse(String flow, List<String> states, String tags, String range) {
        List<StateType> types = new ArrayList<>();
        for (String s : states == null ? List.<String>of() : states) {
            try {
                StateType t = StateType.valueOf(s.trim().toUpperCase(Locale.ROOT));
                if (!types.contains(t)) {
                    types.add(t);
                }
            } catch (IllegalArgumentException e) {
                // not a state type: ignored
            }
        }
        LinkedHashSet<String> tagList = new LinkedHashSet<>();
        if (tags != null) {
            for (String t : tags.split(",")) {
                if (!t.isBlank()) {
                    tagList.add(t.trim());
                }
            }
        }
        return new RunQuery(Ids.parse(flow), List.copyOf(types), List.copyOf(tagList), Range.of(range));
    }

    public boolean hasState(StateType t) {
        return states.contains(t);
    }

    public String tagText() {
        return String.join(", ", tags);
    }

    /** This query as the address of the given page ({@code flow-runs}), so a refresh or a link keeps the filters. */
    public String href(String path) {
        StringBuilder q = new StringBuilder("/").append(path).append("?range=").append(range.key);
        if (flowId != null) {
            q.append("&flow=").append(flowId);
        }
        states.forEach(s -> q.append("&state=").append(s.name()));
        if (!tags.isEmpty()) {
            q.append("&tags=").append(java.net.URLEncoder.encode(tagText(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    public boolean selected(UUID flow) {
        return flow.equals(flowId);
    }

    public boolean filtered() {
        return flowId != null || !states.isEmpty() || !tags.isEmpty();
    }

    /** The filters of the runs table: those of the chart, plus runs expected to start since the chart's start. */
    public EntityFilters runFilters(ObjectMapper mapper, OffsetDateTime since) {
        ObjectNode runs = runFilter(mapper);
        runs.putObject("expected_start_time").put("after_", since.toString());
        return filters(mapper, runs);
    }

    /** The filters of the history chart and its counts (the chart's own window bounds the time). */
    public EntityFilters historyFilters(ObjectMapper mapper) {
        return filters(mapper, runFilter(mapper));
    }

    private ObjectNode runFilter(ObjectMapper mapper) {
        ObjectNode runs = mapper.createObjectNode();
        if (!states.isEmpty()) {
            ArrayNode any = runs.putObject("state").putObject("type").putArray("any_");
            states.forEach(s -> any.add(s.name()));
        }
        if (!tags.isEmpty()) {
            ArrayNode all = runs.putObject("tags").putArray("all_");
            tags.forEach(all::add);
        }
        return runs;
    }

    private EntityFilters filters(ObjectMapper mapper, ObjectNode runs) {
        EntityFilters f = EntityFilters.NONE.withFlowRuns(mapper.convertValue(runs, FlowRunFilter.class));
        if (flowId != null) {
            ObjectNode flows = mapper.createObjectNode();
            flows.putObject("id").putArray("any_").add(flowId.toString());
            f = f.withFlows(mapper.convertValue(flows, FlowFilter.class));
        }
        return f;
    }
}
