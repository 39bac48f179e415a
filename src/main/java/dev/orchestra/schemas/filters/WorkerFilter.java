package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Filter for workers. */
public record WorkerFilter(
        @JsonProperty("operator") Operator operator,
        @JsonProperty("last_heartbeat_time") WorkerFilterLastHeartbeatTime lastHeartbeatTime) implements OperatorFilter {

    public WorkerFilter {
        operator = operator == null ? Operator.AND : operator;
    }

    /** No criteria: matches everything. */
    public static WorkerFilter empty() {
        return new WorkerFilter(null, null);
    }

    public WorkerFilter withOperator(Operator operator) {
        return new WorkerFilter(operator, lastHeartbeatTime);
    }

    public WorkerFilter withLastHeartbeatTime(WorkerFilterLastHeartbeatTime lastHeartbeatTime) {
        return new WorkerFilter(operator, lastHeartbeatTime);
    }
}
