package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The {@code logs} filter of {@code POST /logs/filter} ({@code filters.LogFilter}): its criteria are combined
 * with {@code operator} ({@code and_} by default).
 */
public record LogFilter(String operator, Level level, Timestamp timestamp, FlowRunId flowRunId,
        TaskRunId taskRunId) {

    public LogFilter {
        if (operator == null) {
            operator = "and_";
        } else if (!operator.equals("and_") && !operator.equals("or_")) {
            throw dev.orchestra.schemas.ValidationException.of(List.of("operator"),
                    "value is not a valid enumeration member; permitted: 'and_', 'or_'", "type_error.enum");
        }
    }

    /** Log level bounds, inclusive. */
    @Schema(name = "LogFilterLevel")
    public record Level(@JsonProperty("ge_") Integer ge, @JsonProperty("le_") Integer le) {
    }

    /** Log timestamp bounds, inclusive. */
    @Schema(name = "LogFilterTimestamp")
    public record Timestamp(@JsonProperty("before_") OffsetDateTime before,
            @JsonProperty("after_") OffsetDateTime after) {
    }

    /** The flow runs whose logs to include. */
    @Schema(name = "LogFilterFlowRunId")
    public record FlowRunId(@JsonProperty("any_") List<UUID> any) {
    }

    /** The task runs whose logs to include. */
    @Schema(name = "LogFilterTaskRunId")
    public record TaskRunId(@JsonProperty("any_") List<UUID> any) {
    }
}
