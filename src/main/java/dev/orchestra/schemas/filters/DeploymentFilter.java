package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter for deployments. */
public record DeploymentFilter(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("id") DeploymentFilterId id,
        @JsonProperty("name") DeploymentFilterName name,
        @JsonProperty("is_schedule_active") DeploymentFilterIsScheduleActive isScheduleActive,
        @JsonProperty("tags") DeploymentFilterTags tags,
        @JsonProperty("work_queue_name") DeploymentFilterWorkQueueName workQueueName) implements OperatorFilter {

    public DeploymentFilter {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static DeploymentFilter empty() {
        return new DeploymentFilter(null, null, null, null, null, null);
    }

    public DeploymentFilter withOperator(Operator operator) {
        return new DeploymentFilter(operator, id, name, isScheduleActive, tags, workQueueName);
    }

    public DeploymentFilter withId(DeploymentFilterId id) {
        return new DeploymentFilter(operator, id, name, isScheduleActive, tags, workQueueName);
    }

    public DeploymentFilter withName(DeploymentFilterName name) {
        return new DeploymentFilter(operator, id, name, isScheduleActive, tags, workQueueName);
    }

    public DeploymentFilter withIsScheduleActive(DeploymentFilterIsScheduleActive isScheduleActive) {
        return new DeploymentFilter(operator, id, name, isScheduleActive, tags, workQueueName);
    }

    public DeploymentFilter withTags(DeploymentFilterTags tags) {
        return new DeploymentFilter(operator, id, name, isScheduleActive, tags, workQueueName);
    }

    public DeploymentFilter withWorkQueueName(DeploymentFilterWorkQueueName workQueueName) {
        return new DeploymentFilter(operator, id, name, isScheduleActive, tags, workQueueName);
    }
}
