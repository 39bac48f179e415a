package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;

/**
 * Which requests the pre-aggregated run counts (migration V30) can answer. A flow-run count row is keyed by
 * minute of expected start time, state type and name, flow, deployment and work queue; a task-run count row by
 * minute, state type and name. A filter can be answered when every column it reads is such a key: then the same
 * SQL condition ({@link FlowRunQuery#where}, {@link TaskRunQuery#where}) applies to the count rows under the
 * run table's alias. Anything else (tags, names, ids, times, parent runs, the task-run side of a flow-run filter)
 * needs the runs themselves.
 */
public final class RunCounts {

    private RunCounts() {
    }

    /** Whether the flow-run counts answer these filters (flows, deployments, pools and queues by their own rows). */
    public static boolean answersFlowRuns(EntityFilters f) {
        FlowRunFilter r = f.flowRuns();
        return f.taskRuns() == null && (r == null || r.id() == null && r.name() == null && r.tags() == null
                && r.workQueueName() == null && r.flowVersion() == null && r.startTime() == null
                && r.expectedStartTime() == null && r.nextScheduledStartTime() == null && r.parentFlowRunId() == null
                && r.parentTaskRunId() == null && r.idempotencyKey() == null);
    }

    /** Whether the task-run counts answer these filters: a task-run state filter at most. */
    public static boolean answersTaskRuns(EntityFilters f) {
        TaskRunFilter r = f.taskRuns();
        return f.flows() == null && f.flowRuns() == null && f.deployments() == null && f.workPools() == null
                && f.workQueues() == null && (r == null || r.id() == null && r.name() == null && r.tags() == null
                        && r.startTime() == null && r.subflowRuns() == null && r.flowRunId() == null);
    }

    /** The columns of a count row of {@code flow_run} or {@code task_run}. */
    public static String columns(String table) {
        String sums = "runs, run_time_us, running_since_us, late_us, unstarted, unstarted_expected_us";
        return switch (table) {
            case "flow_run" -> "bucket, state_type, state_name, flow_id, deployment_id, work_queue_id, " + sums;
            case "task_run" -> "bucket, state_type, state_name, " + sums;
            default -> throw new IllegalArgumentException("no run counts for " + table);
        };
    }

    /** The key columns of a count row. */
    public static String keys(String table) {
        return switch (table) {
            case "flow_run" -> "state_type, state_name, flow_id, deployment_id, work_queue_id";
            case "task_run" -> "state_type, state_name";
            default -> throw new IllegalArgumentException("no run counts for " + table);
        };
    }

    /**
     * {@code SELECT count} of the runs matching {@code where} (over the table's alias): the total rows and pending
     * deltas of the counts, plus the runs without a state, which the counts leave out (found by index).
     */
    public static Sql count(String table, Sql where) {
        String t = Sql.identifier(table);
        String keys = keys(table);
        return Sql.raw("SELECT (SELECT coalesce(sum(" + t + ".runs), 0) FROM (SELECT " + keys + ", runs FROM " + t
                + "_count WHERE bucket = '-infinity' UNION ALL SELECT " + keys + ", runs FROM " + t
                + "_count_delta) AS " + t + " WHERE ").append(where)
                .append(")::bigint + (SELECT count(*) FROM " + t + " WHERE " + t + ".state_type IS NULL AND ")
                .append(where).append(")");
    }
}
