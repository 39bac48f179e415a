package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How a task run retries ({@code core.TaskRunPolicy}). {@code retry_delay} is a number of seconds or a
 * list of them (one per retry), so it is kept as JSON and read through {@link #retryDelays()}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskRunPolicy(
        Integer maxRetries,
        Double retryDelaySeconds,
        Integer retries,
        JsonNode retryDelay,
        Double retryJitterFactor) {

    public static final TaskRunPolicy DEFAULT = new TaskRunPolicy(0, 0.0, null, null, null);

    public TaskRunPolicy {
        if (maxRetries == null) {
            maxRetries = 0;
        }
        if (retryDelaySeconds == null) {
            retryDelaySeconds = 0.0;
        }
        if ((retries == null || retries == 0) && maxRetries != 0) {
            retries = maxRetries;
        }
        if (retryDelay != null && retryDelay.isNull()) {
            retryDelay = null;
        }
        boolean noDelay = retryDelay == null || (retryDelay.isNumber() && retryDelay.asDouble() == 0);
        if (noDelay && retryDelaySeconds != 0) {
            retryDelay = IntNode.valueOf((int) retryDelaySeconds.doubleValue());
        }
    }

    /** The configured delays in seconds: empty for none, one element for a single delay. */
    public List<Double> retryDelays() {
        List<Double> out = new ArrayList<>();
        if (retryDelay == null) {
            return out;
        }
        if (retryDelay.isArray()) {
            retryDelay.forEach(n -> out.add(n.asDouble()));
        } else if (retryDelay.isNumber()) {
            out.add(retryDelay.asDouble());
        }
        return out;
    }
}
