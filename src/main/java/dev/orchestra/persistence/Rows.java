package dev.orchestra.persistence;

import dev.orchestra.persistence.convert.StringListJson;
import dev.orchestra.persistence.entity.FlowEntity;
import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.persistence.entity.FlowRunStateEntity;
import dev.orchestra.persistence.entity.RunEntity;
import dev.orchestra.persistence.entity.StateEntity;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.persistence.entity.TaskRunStateEntity;
import dev.orchestra.orchestration.ParentFlowRun;
import dev.orchestra.schemas.StateType;
import io.vertx.mutiny.sqlclient.Row;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Row-to-entity mapping for SQL run on the reactive client. Each {@code *_COLUMNS} constant is the select
 * list its mapper reads: JSON columns as text, enums as text, intervals as seconds; the current state is
 * joined under the alias {@code cur} and read from {@code s_*} columns.
 */
public final class Rows {

    private static final StringListJson STRING_LIST = new StringListJson();

    public static final String FLOW_COLUMNS =
            "flow.id, flow.created, flow.updated, flow.name, flow.tags::text AS tags";

    private static final String RUN_COLUMNS = "%1$s.id, %1$s.created, %1$s.updated, %1$s.name,"
            + " %1$s.state_type::text AS state_type, %1$s.state_name, %1$s.state_timestamp, %1$s.run_count,"
            + " %1$s.expected_start_time, %1$s.next_scheduled_start_time, %1$s.start_time, %1$s.end_time,"
            + " extract(epoch from %1$s.total_run_time)::float8 AS total_run_time, %1$s.state_id,"
            + " %1$s.empirical_policy::text AS empirical_policy, %1$s.tags::text AS tags";

    private static final String STATE_COLUMNS = "cur.id AS s_id, cur.created AS s_created, cur.updated AS s_updated,"
            + " cur.type::text AS s_type, cur.timestamp AS s_timestamp, cur.name AS s_name, cur.message AS s_message,"
            + " cur.state_details::text AS s_details, cur.data::text AS s_data";

    /** flow_run, its current state and its work pool. */
    public static final String FLOW_RUN_COLUMNS = RUN_COLUMNS.formatted("flow_run")
            + ", flow_run.flow_id, flow_run.deployment_id,"
            // as Prefect's FlowRunResponse: the name of the run's work queue when it has one, else the column
            + " COALESCE(wq_.name, flow_run.work_queue_name) AS work_queue_name, flow_run.flow_version,"
            + " flow_run.parameters::text AS parameters, flow_run.idempotency_key, flow_run.context::text AS context,"
            + " flow_run.created_by::text AS created_by, flow_run.infrastructure_pid,"
            + " flow_run.infrastructure_document_id, flow_run.parent_task_run_id, flow_run.auto_scheduled,"
            + " flow_run.work_queue_id, wp_.id AS wp_id, wp_.name AS wp_name, " + STATE_COLUMNS;

    public static final String FLOW_RUN_JOINS = "LEFT JOIN flow_run_state cur ON cur.id = flow_run.state_id"
            + " LEFT JOIN work_queue wq_ ON wq_.id = flow_run.work_queue_id"
            + " LEFT JOIN work_pool wp_ ON wp_.id = wq_.work_pool_id";

    /** task_run and its current state. */
    public static final String TASK_RUN_COLUMNS = RUN_COLUMNS.formatted("task_run")
            + ", task_run.flow_run_id, task_run.task_key, task_run.dynamic_key, task_run.cache_key,"
            + " task_run.cache_expiration, task_run.task_version, task_run.flow_run_run_count,"
            + " task_run.task_inputs::text AS task_inputs, " + STATE_COLUMNS;

    public static final String TASK_RUN_JOINS = "LEFT JOIN task_run_state cur ON cur.id = task_run.state_id";

    /** What task-run rules read of the task's flow run ({@link ParentFlowRun}), under the aliases pfr and pfs. */
    public static final String PARENT_FLOW_RUN_COLUMNS = "pfr.id AS p_id, pfr.run_count AS p_run_count,"
            + " pfs.id AS ps_id, pfs.type::text AS ps_type, pfs.timestamp AS ps_timestamp, pfs.name AS ps_name,"
            + " pfs.message AS ps_message, pfs.state_details::text AS ps_details, pfs.data::text AS ps_data";

    public static final String PARENT_FLOW_RUN_JOINS = "LEFT JOIN flow_run pfr ON pfr.id = task_run.flow_run_id"
            + " LEFT JOIN flow_run_state pfs ON pfs.id = pfr.state_id";

    private Rows() {
    }

    /**
     * Column positions by name. The same select lists come back again and again, so a name's position is
     * learnt once and only checked afterwards: the client's lookup by name walks every column (a 50-run page
     * asks it about 2,000 times). A position that does not name the column falls back to that lookup.
     */
    private static final Map<String, Integer> POSITIONS = new ConcurrentHashMap<>();

    private static int at(Row row, String name) {
        Integer known = POSITIONS.get(name);
        if (known != null && known < row.size() && name.equals(row.getColumnName(known))) {
            return known;
        }
        int found = row.getColumnIndex(name);
        if (found < 0) {
            throw new java.util.NoSuchElementException("Column " + name + " does not exist");
        }
        POSITIONS.put(name, found);
        return found;
    }

    /** A flow run row with its current state and work pool. */
    public record FlowRunRow(FlowRunEntity run, FlowRunStateEntity state, UUID workPoolId, String workPoolName) {
    }

    /** A row of a page with its sort key as text (see {@code Keyset}). */
    public record Keyed<R>(R row, String key) {
    }

    /** A task run row with its current state. */
    public record TaskRunRow(TaskRunEntity run, TaskRunStateEntity state) {
    }

    /**
     * Whether a locked run row came with its current state. When the lock had to wait for another transaction
     * that changed the run, PostgreSQL returns the run's new version but the joined state row of the statement's
     * snapshot (or none); the caller then reads the row again, which sees the committed state.
     */
    public static boolean stateIsCurrent(UUID stateId, StateEntity state) {
        return java.util.Objects.equals(stateId, state == null ? null : state.id);
    }

    public static FlowEntity flow(Row row) {
        FlowEntity e = new FlowEntity();
        e.id = row.getUUID(at(row, "id"));
        e.created = row.getOffsetDateTime(at(row, "created"));
        e.updated = row.getOffsetDateTime(at(row, "updated"));
        e.name = row.getString(at(row, "name"));
        e.tags = STRING_LIST.convertToEntityAttribute(row.getString(at(row, "tags")));
        return e;
    }

    public static FlowRunRow flowRun(Row row) {
        FlowRunEntity e = new FlowRunEntity();
        run(row, e);
        e.flowId = row.getUUID(at(row, "flow_id"));
        e.deploymentId = row.getUUID(at(row, "deployment_id"));
        e.workQueueName = row.getString(at(row, "work_queue_name"));
        e.flowVersion = row.getString(at(row, "flow_version"));
        e.parameters = row.getString(at(row, "parameters"));
        e.idempotencyKey = row.getString(at(row, "idempotency_key"));
        e.context = row.getString(at(row, "context"));
        e.empiricalPolicy = row.getString(at(row, "empirical_policy"));
        e.createdBy = row.getString(at(row, "created_by"));
        e.infrastructurePid = row.getString(at(row, "infrastructure_pid"));
        e.infrastructureDocumentId = row.getUUID(at(row, "infrastructure_document_id"));
        e.parentTaskRunId = row.getUUID(at(row, "parent_task_run_id"));
        e.autoScheduled = Boolean.TRUE.equals(row.getBoolean(at(row, "auto_scheduled")));
        e.workQueueId = row.getUUID(at(row, "work_queue_id"));
        FlowRunStateEntity state = null;
        if (row.getUUID(at(row, "s_id")) != null) {
            state = new FlowRunStateEntity();
            state(row, state);
            state.flowRunId = e.id;
        }
        return new FlowRunRow(e, state, row.getUUID(at(row, "wp_id")), row.getString(at(row, "wp_name")));
    }

    public static TaskRunRow taskRun(Row row) {
        TaskRunEntity e = new TaskRunEntity();
        run(row, e);
        e.flowRunId = row.getUUID(at(row, "flow_run_id"));
        e.taskKey = row.getString(at(row, "task_key"));
        e.dynamicKey = row.getString(at(row, "dynamic_key"));
        e.cacheKey = row.getString(at(row, "cache_key"));
        e.cacheExpiration = row.getOffsetDateTime(at(row, "cache_expiration"));
        e.taskVersion = row.getString(at(row, "task_version"));
        e.flowRunRunCount = row.getInteger(at(row, "flow_run_run_count"));
        e.taskInputs = row.getString(at(row, "task_inputs"));
        e.empiricalPolicy = row.getString(at(row, "empirical_policy"));
        TaskRunStateEntity state = null;
        if (row.getUUID(at(row, "s_id")) != null) {
            state = new TaskRunStateEntity();
            state(row, state);
            state.taskRunId = e.id;
        }
        return new TaskRunRow(e, state);
    }

    /** The task's flow run from {@link #PARENT_FLOW_RUN_COLUMNS}, or null when the task has none. */
    public static ParentFlowRun parentFlowRun(Row row) {
        UUID id = row.getUUID(at(row, "p_id"));
        if (id == null) {
            return null;
        }
        FlowRunStateEntity state = null;
        if (row.getUUID(at(row, "ps_id")) != null) {
            state = new FlowRunStateEntity();
            state.id = row.getUUID(at(row, "ps_id"));
            state.type = StateType.valueOf(row.getString(at(row, "ps_type")));
            state.timestamp = row.getOffsetDateTime(at(row, "ps_timestamp"));
            state.name = row.getString(at(row, "ps_name"));
            state.message = row.getString(at(row, "ps_message"));
            state.stateDetails = row.getString(at(row, "ps_details"));
            state.data = row.getString(at(row, "ps_data"));
            state.flowRunId = id;
        }
        return new ParentFlowRun(id, row.getInteger(at(row, "p_run_count")), RunMapper.state(state));
    }

    private static void run(Row row, RunEntity e) {
        e.id = row.getUUID(at(row, "id"));
        e.created = row.getOffsetDateTime(at(row, "created"));
        e.updated = row.getOffsetDateTime(at(row, "updated"));
        e.name = row.getString(at(row, "name"));
        String type = row.getString(at(row, "state_type"));
        e.stateType = type == null ? null : StateType.valueOf(type);
        e.stateName = row.getString(at(row, "state_name"));
        e.stateTimestamp = row.getOffsetDateTime(at(row, "state_timestamp"));
        e.runCount = row.getInteger(at(row, "run_count"));
        e.expectedStartTime = row.getOffsetDateTime(at(row, "expected_start_time"));
        e.nextScheduledStartTime = row.getOffsetDateTime(at(row, "next_scheduled_start_time"));
        e.startTime = row.getOffsetDateTime(at(row, "start_time"));
        e.endTime = row.getOffsetDateTime(at(row, "end_time"));
        e.totalRunTime = row.getDouble(at(row, "total_run_time"));
        if (e instanceof FlowRunEntity f) {
            f.stateId = row.getUUID(at(row, "state_id"));
            f.tags = STRING_LIST.convertToEntityAttribute(row.getString(at(row, "tags")));
        } else if (e instanceof TaskRunEntity t) {
            t.stateId = row.getUUID(at(row, "state_id"));
            t.tags = STRING_LIST.convertToEntityAttribute(row.getString(at(row, "tags")));
        }
    }

    private static void state(Row row, StateEntity s) {
        s.id = row.getUUID(at(row, "s_id"));
        s.created = row.getOffsetDateTime(at(row, "s_created"));
        s.updated = row.getOffsetDateTime(at(row, "s_updated"));
        s.type = StateType.valueOf(row.getString(at(row, "s_type")));
        s.timestamp = row.getOffsetDateTime(at(row, "s_timestamp"));
        s.name = row.getString(at(row, "s_name"));
        s.message = row.getString(at(row, "s_message"));
        s.stateDetails = row.getString(at(row, "s_details"));
        s.data = row.getString(at(row, "s_data"));
    }
}
