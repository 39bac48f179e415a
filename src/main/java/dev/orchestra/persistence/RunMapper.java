package dev.orchestra.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestra.config.JsonConfig;
import dev.orchestra.config.Timestamps;
import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.persistence.entity.RunEntity;
import dev.orchestra.persistence.entity.StateEntity;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.CreatedBy;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRun;
import dev.orchestra.schemas.TaskRunInput;
import dev.orchestra.schemas.TaskRunPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows to API records and back: JSON columns are parsed with the API's own conventions, and the
 * time-dependent estimates ({@code estimated_run_time}, {@code estimated_start_time_delta}) are computed
 * against the given "now" exactly as Prefect's ORM properties compute them.
 */
public final class RunMapper {

    /** The API's JSON conventions, for JSON stored in columns (snake_case, Prefect timestamps). */
    public static final ObjectMapper JSON = createMapper();

    private static final TypeReference<Map<String, List<TaskRunInput>>> TASK_INPUTS = new TypeReference<>() {
    };

    private RunMapper() {
    }

    private static ObjectMapper createMapper() {
        ObjectMapper m = new ObjectMapper();
        m.findAndRegisterModules();
        new JsonConfig().customize(m);
        m.configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        return m;
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One reader per type, built once: {@code ObjectMapper.readValue} resolves the type and its deserializer on
     * every call, which dominates for the small JSON of a column (a filter page reads hundreds of them).
     */
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private static final ObjectReader TREE = JSON.reader();

    private static final ObjectReader TASK_INPUTS_READER = JSON.readerFor(TASK_INPUTS);

    public static <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return READERS.computeIfAbsent(type, JSON::readerFor).readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        if (json.equals("{}")) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return TREE.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static State state(StateEntity e) {
        if (e == null) {
            return null;
        }
        StateDetails details = read(e.stateDetails, StateDetails.class);
        return new State(e.id, e.type, e.name, e.timestamp, e.message, tree(e.data), details);
    }

    /** {@code total_run_time}, plus the time spent in the current RUNNING state. */
    public static Duration estimatedRunTime(RunEntity run, OffsetDateTime now) {
        Duration total = Timestamps.duration(run.totalRunTime);
        if (run.stateType == StateType.RUNNING && run.stateTimestamp != null) {
            return total.plus(Duration.between(run.stateTimestamp, now));
        }
        return total;
    }

    /**
     * Lateness: how much later than expected the run started, or, for a run that has not started, is not
     * final and was expected already, how late it is now.
     */
    public static Duration estimatedStartTimeDelta(RunEntity run, OffsetDateTime now) {
        if (run.startTime != null && run.expectedStartTime != null && run.startTime.isAfter(run.expectedStartTime)) {
            return Duration.between(run.expectedStartTime, run.startTime);
        }
        if (run.startTime == null && run.expectedStartTime != null && run.expectedStartTime.isBefore(now)
                && (run.stateType == null || !run.stateType.isFinal())) {
            return Duration.between(run.expectedStartTime, now);
        }
        return Duration.ZERO;
    }

    public static FlowRunResponse flowRun(FlowRunEntity r, StateEntity state, UUID workPoolId, String workPoolName,
            OffsetDateTime now) {
        return flowRun(r, state(state), workPoolId, workPoolName, now);
    }

    /** A flow run with its current state as the orchestration left it (no row to read back). */
    public static FlowRunResponse flowRun(FlowRunEntity r, State state, UUID workPoolId, String workPoolName,
            OffsetDateTime now) {
        return new FlowRunResponse(r.id, r.created, r.updated, r.name, r.flowId, r.stateId, r.deploymentId,
                r.workQueueId, r.workQueueName, r.flowVersion, objectOrEmpty(r.parameters), r.idempotencyKey,
                objectOrEmpty(r.context), flowPolicy(r.empiricalPolicy), List.copyOf(r.tags), r.parentTaskRunId,
                r.stateType, r.stateName, r.runCount, r.expectedStartTime, r.nextScheduledStartTime, r.startTime,
                r.endTime, Timestamps.duration(r.totalRunTime), estimatedRunTime(r, now),
                estimatedStartTimeDelta(r, now), r.autoScheduled, r.infrastructureDocumentId, r.infrastructurePid,
                read(r.createdBy, CreatedBy.class), workPoolId, workPoolName, state);
    }

    public static TaskRun taskRun(TaskRunEntity r, StateEntity state, OffsetDateTime now) {
        return taskRun(r, state(state), now);
    }

    /** A task run with its current state as the orchestration left it (no row to read back). */
    public static TaskRun taskRun(TaskRunEntity r, State state, OffsetDateTime now) {
        return new TaskRun(r.id, r.created, r.updated, r.name, r.flowRunId, r.taskKey, r.dynamicKey, r.cacheKey,
                r.cacheExpiration, r.taskVersion, taskPolicy(r.empiricalPolicy), List.copyOf(r.tags), r.stateId,
                taskInputs(r.taskInputs), r.stateType, r.stateName, r.runCount, r.flowRunRunCount,
                r.expectedStartTime, r.nextScheduledStartTime, r.startTime, r.endTime,
                Timestamps.duration(r.totalRunTime), estimatedRunTime(r, now), estimatedStartTimeDelta(r, now),
                state);
    }

    public static FlowRunPolicy flowPolicy(String json) {
        FlowRunPolicy p = read(json, FlowRunPolicy.class);
        return p == null ? FlowRunPolicy.DEFAULT : p;
    }

    public static TaskRunPolicy taskPolicy(String json) {
        TaskRunPolicy p = read(json, TaskRunPolicy.class);
        return p == null ? TaskRunPolicy.DEFAULT : p;
    }

    public static Map<String, List<TaskRunInput>> taskInputs(String json) {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        try {
            return TASK_INPUTS_READER.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode objectOrEmpty(String json) {
        JsonNode node = tree(json);
        return node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
    }
}
