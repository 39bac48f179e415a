package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter for flow runs. */
public record FlowRunFilter(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("id") FlowRunFilterId id,
        @JsonProperty("name") FlowRunFilterName name,
        @JsonProperty("tags") FlowRunFilterTags tags,
        @JsonProperty("deployment_id") FlowRunFilterDeploymentId deploymentId,
        @JsonProperty("work_queue_name") FlowRunFilterWorkQueueName workQueueName,
        @JsonProperty("state") FlowRunFilterState state,
        @JsonProperty("flow_version") FlowRunFilterFlowVersion flowVersion,
        @JsonProperty("start_time") FlowRunFilterStartTime startTime,
        @JsonProperty("expected_start_time") FlowRunFilterExpectedStartTime expectedStartTime,
        @JsonProperty("next_scheduled_start_time") FlowRunFilterNextScheduledStartTime nextScheduledStartTime,
        @JsonProperty("parent_flow_run_id") FlowRunFilterParentFlowRunId parentFlowRunId,
        @JsonProperty("parent_task_run_id") FlowRunFilterParentTaskRunId parentTaskRunId,
        @JsonProperty("idempotency_key") FlowRunFilterIdempotencyKey idempotencyKey) implements OperatorFilter {

    public FlowRunFilter {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static FlowRunFilter empty() {
        return new FlowRunFilter(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public FlowRunFilter withOperator(Operator operator) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withId(FlowRunFilterId id) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withName(FlowRunFilterName name) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withTags(FlowRunFilterTags tags) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withDeploymentId(FlowRunFilterDeploymentId deploymentId) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withWorkQueueName(FlowRunFilterWorkQueueName workQueueName) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withState(FlowRunFilterState state) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withFlowVersion(FlowRunFilterFlowVersion flowVersion) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withStartTime(FlowRunFilterStartTime startTime) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withExpectedStartTime(FlowRunFilterExpectedStartTime expectedStartTime) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withNextScheduledStartTime(FlowRunFilterNextScheduledStartTime nextScheduledStartTime) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withParentFlowRunId(FlowRunFilterParentFlowRunId parentFlowRunId) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withParentTaskRunId(FlowRunFilterParentTaskRunId parentTaskRunId) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    public FlowRunFilter withIdempotencyKey(FlowRunFilterIdempotencyKey idempotencyKey) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    /**
     * True when the only criterion is a non-empty {@code id.any_} (and no {@code id.not_any_}); task-run
     * queries then filter on {@code task_run.flow_run_id} directly instead of an EXISTS subquery.
     */
    public boolean onlyFiltersOnId() {
        return id != null && id.any() != null && !id.any().isEmpty()
                && (id.notAny() == null || id.notAny().isEmpty())
                && name == null && tags == null && deploymentId == null && workQueueName == null
                && state == null && flowVersion == null && startTime == null && expectedStartTime == null
                && nextScheduledStartTime == null && parentFlowRunId == null && parentTaskRunId == null
                && idempotencyKey == null;
    }
}
