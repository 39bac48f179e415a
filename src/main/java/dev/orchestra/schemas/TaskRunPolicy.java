package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * How a task run retries ({@code core.TaskRunPolicy}). {@code retry_delay} is a number of seconds or a
 * list of them (one per retry), so it is kept as JSON and read through {@link #retryDelays()}. The checks of
 * Prefect's validators apply: at most 50 delays, a jitter factor not below zero.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskRunPolicy(
        Integer maxRetries,
        Double retryDelaySeconds,
        Integer retries,
        JsonNode retryDelay,
        Double retryJitterFactor) {

    private static final int MAX_RETRY_DELAYS = 50;

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
        retryDelay = retryDelays(retryDelay);
        if (retryJitterFactor != null && retryJitterFactor < 0) {
            throw ValidationException.of(List.of("retry_jitter_factor"), "`retry_jitter_factor` must be >= 0.",
                    "value_error");
        }
        boolean noDelay = retryDelay == null || (retryDelay.isNumber() && retryDelay.asDouble() == 0)
                || (retryDelay.isArray() && retryDelay.isEmpty());
        if (noDelay && retryDelaySeconds != 0) {
            retryDelay = IntNode.valueOf((int) retryDelaySeconds.doubleValue());
        }
    }

    /**
     * {@code retry_delay} as pydantic reads {@code Union[None, int, List[int]]}: integers (numbers truncated,
     * numeric strings parsed) or a list of at most 50 of them.
     */
    private static JsonNode retryDelays(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            return IntNode.valueOf(integer(value));
        }
        ArrayNode delays = JsonNodeFactory.instance.arrayNode();
        value.forEach(item -> delays.add(integer(item)));
        if (delays.size() > MAX_RETRY_DELAYS) {
            throw ValidationException.of(List.of("retry_delay"),
                    "Can not configure more than " + MAX_RETRY_DELAYS + " retry delays per task.", "value_error");
        }
        return delays;
    }

    private static int integer(JsonNode value) {
        if (value.isNumber()) {
            return value.intValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? 1 : 0;
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.textValue().trim());
            } catch (NumberFormatException e) {
                // not an integer: the error below
            }
        }
        // pydantic reports the first member of the union that failed: int
        throw ValidationException.of(List.of("retry_delay"), "value is not a valid integer", "type_error.integer");
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
