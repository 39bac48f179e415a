package dev.orchestra.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.Log;
import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateResponseDetails;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRun;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The rows and pieces the page templates show, made from the API's own records. */
public final class Views {

    private Views() {
    }

    /** A flow run in a table. {@code start} is when it started, or is expected to. */
    public record RunRow(UUID id, String name, UUID flowId, String flowName, StateType stateType, String stateName,
            List<String> tags, OffsetDateTime start, Duration duration) {

        static RunRow of(FlowRunResponse r, Map<UUID, String> flowNames) {
            return new RunRow(r.id(), r.name(), r.flowId(), flowNames.getOrDefault(r.flowId(), ""), r.stateType(),
                    r.stateName(), r.tags(), r.startTime() != null ? r.startTime() : r.expectedStartTime(),
                    r.startTime() == null ? null : r.estimatedRunTime());
        }
    }

    /** A task run in a table. */
    public record TaskRow(UUID id, String name, StateType stateType, String stateName, OffsetDateTime start,
            Duration duration, int runCount, List<String> tags) {

        static TaskRow of(TaskRun t) {
            return new TaskRow(t.id(), t.name(), t.stateType(), t.stateName(),
                    t.startTime() != null ? t.startTime() : t.expectedStartTime(),
                    t.startTime() == null ? null : t.estimatedRunTime(), t.runCount(),
                    t.tags());
        }
    }

    /** A log line. */
    public record LogLine(OffsetDateTime timestamp, String level, String levelClass, String name, String message,
            UUID taskRunId) {

        static LogLine of(Log l) {
            String level = l.level() >= 50 ? "CRITICAL" : l.level() >= 40 ? "ERROR" : l.level() >= 30 ? "WARNING"
                    : l.level() >= 20 ? "INFO" : "DEBUG";
            return new LogLine(l.timestamp(), level, "log-" + level.toLowerCase(), l.name(), l.message(),
                    l.taskRunId());
        }
    }

    /** One state of a run's history, with how long the run stayed in it and its share of the timeline bar. */
    public record Span(State state, Duration length, String percent) {
    }

    /**
     * A run's states as spans, oldest first: each lasts until the next one (the last until {@code end}, or
     * {@code now} while the run is not over); each gets at least a sliver of the bar.
     */
    static List<Span> timeline(List<State> states, OffsetDateTime end, OffsetDateTime now) {
        List<State> sorted = new ArrayList<>(states);
        sorted.sort(java.util.Comparator.comparing(State::timestamp));
        List<Duration> lengths = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            OffsetDateTime from = sorted.get(i).timestamp();
            OffsetDateTime to = i + 1 < sorted.size() ? sorted.get(i + 1).timestamp()
                    : sorted.get(i).isFinal() ? from : (end != null ? end : now);
            Duration d = to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
            lengths.add(d);
            total += d.toMillis();
        }
        List<Span> spans = new ArrayList<>();
        int n = sorted.size();
        for (int i = 0; i < n; i++) {
            double share = total == 0 ? 100.0 / n : lengths.get(i).toMillis() * 100.0 / total;
            double minimum = sorted.get(i).isFinal() && i == n - 1 ? 1.5 : 0.6;
            spans.add(new Span(sorted.get(i), lengths.get(i), String.format(java.util.Locale.ROOT, "%.2f",
                    Math.max(minimum, share))));
        }
        return spans;
    }

    /** The message a state change from the UI leaves on the page: what orchestration answered. */
    public record Notice(String kind, String text) {

        static Notice of(String action, OrchestrationResult r) {
            StateResponseDetails d = r.details();
            String state = r.state() == null ? "" : UiFormat.stateName(r.state().type(), r.state().name());
            if (d instanceof StateResponseDetails.Reject j) {
                return new Notice("warn", action + " rejected: " + j.reason());
            }
            if (d instanceof StateResponseDetails.Abort b) {
                return new Notice("warn", action + " aborted: " + b.reason());
            }
            if (d instanceof StateResponseDetails.Wait w) {
                return new Notice("warn", action + " must wait " + w.delaySeconds() + " s: " + w.reason());
            }
            return new Notice("ok", action + ": the run is now " + state + ".");
        }
    }

    /** Indented JSON for parameters and other documents; empty objects show as {@code {}}. */
    static String prettyJson(ObjectMapper mapper, JsonNode node) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return node.toString();
        }
    }
}
