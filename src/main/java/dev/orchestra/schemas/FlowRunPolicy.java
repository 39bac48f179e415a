package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * How a flow run retries and pauses ({@code core.FlowRunPolicy}). The deprecated {@code max_retries} and
 * {@code retry_delay_seconds} fill {@code retries} and {@code retry_delay} when those are unset, as
 * Prefect's root validator does. Unknown fields are ignored, as Prefect ignores them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FlowRunPolicy(
        Integer maxRetries,
        Double retryDelaySeconds,
        Integer retries,
        Integer retryDelay,
        List<String> pauseKeys,
        Boolean resuming) {

    public static final FlowRunPolicy DEFAULT = new FlowRunPolicy(0, 0.0, null, null, List.of(), false);

    public FlowRunPolicy {
        if (maxRetries == null) {
            maxRetries = 0;
        }
        if (retryDelaySeconds == null) {
            retryDelaySeconds = 0.0;
        }
        if ((retries == null || retries == 0) && maxRetries != 0) {
            retries = maxRetries;
        }
        if ((retryDelay == null || retryDelay == 0) && retryDelaySeconds != 0) {
            retryDelay = (int) retryDelaySeconds.doubleValue();
        }
        pauseKeys = pauseKeys == null ? List.of() : List.copyOf(pauseKeys.stream().distinct().toList());
        if (resuming == null) {
            resuming = false;
        }
    }

    public FlowRunPolicy withRetries(Integer newRetries, Integer newRetryDelay) {
        return new FlowRunPolicy(maxRetries, retryDelaySeconds, newRetries, newRetryDelay, pauseKeys, resuming);
    }

    public FlowRunPolicy withPauseKeys(List<String> keys) {
        return new FlowRunPolicy(maxRetries, retryDelaySeconds, retries, retryDelay, keys, resuming);
    }

    public FlowRunPolicy withResuming(boolean value) {
        return new FlowRunPolicy(maxRetries, retryDelaySeconds, retries, retryDelay, pauseKeys, value);
    }
}
