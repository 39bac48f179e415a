package dev.orchestra.schemas;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** One interval of run history ({@code responses.HistoryResponse}). */
public record HistoryResponse(OffsetDateTime intervalStart, OffsetDateTime intervalEnd, List<HistoryState> states) {

    /** The runs of one state type and name in an interval. */
    public record HistoryState(StateType stateType, String stateName, long countRuns, Duration sumEstimatedRunTime,
            Duration sumEstimatedLateness) {
    }
}
