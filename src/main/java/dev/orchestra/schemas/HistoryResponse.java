package dev.orchestra.schemas;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One interval of run history ({@code responses.HistoryResponse}). */
public record HistoryResponse(OffsetDateTime intervalStart, OffsetDateTime intervalEnd, List<HistoryState> states) {

    /** The runs of one state type and name in an interval. */
    @Schema(name = "HistoryResponseState")
    public record HistoryState(StateType stateType, String stateName, long countRuns, Duration sumEstimatedRunTime,
            Duration sumEstimatedLateness) {
    }
}
