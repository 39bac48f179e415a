package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Prefect's {@code StateDetails}: everything a state carries besides its type and name. Keys it does not know are
 * dropped, as Prefect's model (a core model, not an action) ignores extra fields.
 * Immutable; the {@code with*} methods return modified copies.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StateDetails(
        UUID flowRunId,
        UUID taskRunId,
        UUID childFlowRunId,
        OffsetDateTime scheduledTime,
        String cacheKey,
        OffsetDateTime cacheExpiration,
        Boolean untrackableResult,
        OffsetDateTime pauseTimeout,
        Boolean pauseReschedule,
        String pauseKey,
        Map<String, String> runInputKeyset,
        Boolean refreshCache,
        Boolean retriable,
        UUID transitionId,
        UUID taskParametersId) {

    public StateDetails {
        untrackableResult = untrackableResult != null && untrackableResult;
        pauseReschedule = pauseReschedule != null && pauseReschedule;
    }

    public static final StateDetails EMPTY = new StateDetails(null, null, null, null, null, null, false, null,
            false, null, null, null, null, null, null);

    public StateDetails withFlowRunId(UUID v) {
        return new StateDetails(v, taskRunId, childFlowRunId, scheduledTime, cacheKey, cacheExpiration,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId);
    }

    public StateDetails withTaskRunId(UUID v) {
        return new StateDetails(flowRunId, v, childFlowRunId, scheduledTime, cacheKey, cacheExpiration,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId);
    }

    public StateDetails withChildFlowRunId(UUID v) {
        return new StateDetails(flowRunId, taskRunId, v, scheduledTime, cacheKey, cacheExpiration,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId);
    }

    public StateDetails withScheduledTime(OffsetDateTime v) {
        return new StateDetails(flowRunId, taskRunId, childFlowRunId, v, cacheKey, cacheExpiration,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId);
    }

    public StateDetails withPause(OffsetDateTime timeout, boolean reschedule, String key) {
        return new StateDetails(flowRunId, taskRunId, childFlowRunId, scheduledTime, cacheKey, cacheExpiration,
                untrackableResult, timeout, reschedule, key, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId);
    }
}
