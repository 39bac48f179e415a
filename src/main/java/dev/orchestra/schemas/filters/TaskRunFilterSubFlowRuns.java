package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter task runs by whether a subflow run has them as parent task run. */
public record TaskRunFilterSubFlowRuns(
        @JsonProperty("exists_") Boolean exists) implements PrefectFilter {

    /** No criteria: matches everything. */
    public static TaskRunFilterSubFlowRuns empty() {
        return new TaskRunFilterSubFlowRuns(null);
    }
}
