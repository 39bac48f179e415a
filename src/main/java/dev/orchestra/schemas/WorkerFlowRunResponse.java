package dev.orchestra.schemas;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A run a worker may take ({@code responses.WorkerFlowRunResponse}): the pool and queue it was found in, and the
 * run as {@code core.FlowRun}. Prefect reads these runs without their state relationship, so {@code state} is null
 * (the run's {@code state_id}, {@code state_type} and {@code state_name} are there).
 */
public record WorkerFlowRunResponse(UUID workPoolId, UUID workQueueId, FlowRun flowRun) {

    /** {@code core.FlowRun}: a {@link FlowRunResponse} without the pool fields, in Prefect's field order. */
    public record FlowRun(
            UUID id,
            OffsetDateTime created,
            OffsetDateTime updated,
            String name,
            UUID flowId,
            UUID stateId,
            UUID deploymentId,
            String workQueueName,
            String flowVersion,
            com.fasterxml.jackson.databind.JsonNode parameters,
            String idempotencyKey,
            com.fasterxml.jackson.databind.JsonNode context,
            FlowRunPolicy empiricalPolicy,
            List<String> tags,
            UUID parentTaskRunId,
            StateType stateType,
            String stateName,
            int runCount,
            OffsetDateTime expectedStartTime,
            OffsetDateTime nextScheduledStartTime,
            OffsetDateTime startTime,
            OffsetDateTime endTime,
            Duration totalRunTime,
            Duration estimatedRunTime,
            Duration estimatedStartTimeDelta,
            boolean autoScheduled,
            UUID infrastructureDocumentId,
            String infrastructurePid,
            CreatedBy createdBy,
            UUID workQueueId,
            State state) {

        public static FlowRun of(FlowRunResponse r) {
            return new FlowRun(r.id(), r.created(), r.updated(), r.name(), r.flowId(), r.stateId(), r.deploymentId(),
                    r.workQueueName(), r.flowVersion(), r.parameters(), r.idempotencyKey(), r.context(),
                    r.empiricalPolicy(), r.tags(), r.parentTaskRunId(), r.stateType(), r.stateName(), r.runCount(),
                    r.expectedStartTime(), r.nextScheduledStartTime(), r.startTime(), r.endTime(), r.totalRunTime(),
                    r.estimatedRunTime(), r.estimatedStartTimeDelta(), r.autoScheduled(),
                    r.infrastructureDocumentId(), r.infrastructurePid(), r.createdBy(), r.workQueueId(), null);
        }
    }
}
