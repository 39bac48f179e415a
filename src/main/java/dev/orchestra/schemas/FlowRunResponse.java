package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A flow run as the API returns it ({@code responses.FlowRunResponse}), fields in Prefect's order. */
public record FlowRunResponse(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        UUID flowId,
        UUID stateId,
        UUID deploymentId,
        UUID workQueueId,
        String workQueueName,
        String flowVersion,
        JsonNode parameters,
        String idempotencyKey,
        JsonNode context,
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
        UUID workPoolId,
        String workPoolName,
        State state) {
}
