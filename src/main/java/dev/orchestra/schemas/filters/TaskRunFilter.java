package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter for task runs. */
public record TaskRunFilter(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("id") TaskRunFilterId id,
        @JsonProperty("name") TaskRunFilterName name,
        @JsonProperty("tags") TaskRunFilterTags tags,
        @JsonProperty("state") TaskRunFilterState state,
        @JsonProperty("start_time") TaskRunFilterStartTime startTime,
        @JsonProperty("subflow_runs") TaskRunFilterSubFlowRuns subflowRuns,
        @JsonProperty("flow_run_id") TaskRunFilterFlowRunId flowRunId) implements OperatorFilter {

    public TaskRunFilter {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static TaskRunFilter empty() {
        return new TaskRunFilter(null, null, null, null, null, null, null, null);
    }

    public TaskRunFilter withOperator(Operator operator) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }

    public TaskRunFilter withId(TaskRunFilterId id) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }

    public TaskRunFilter withName(TaskRunFilterName name) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }

    public TaskRunFilter withTags(TaskRunFilterTags tags) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }

    public TaskRunFilter withState(TaskRunFilterState state) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }

    public TaskRunFilter withStartTime(TaskRunFilterStartTime startTime) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }

    public TaskRunFilter withSubflowRuns(TaskRunFilterSubFlowRuns subflowRuns) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }

    public TaskRunFilter withFlowRunId(TaskRunFilterFlowRunId flowRunId) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, subflowRuns, flowRunId);
    }
}
