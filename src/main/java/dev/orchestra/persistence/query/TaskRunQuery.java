package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.sorting.TaskRunSort;
import java.util.ArrayList;
import java.util.List;

/**
 * Task-run selection (Prefect's {@code _apply_task_run_filters}): the task-run filter applies to the row itself;
 * flow, flow-run, deployment, work-queue and work-pool filters are checked together in one EXISTS over the task
 * run's flow run joined to the related rows.
 */
public final class TaskRunQuery {

    public static final String ALIAS = "task_run";

    private TaskRunQuery() {
    }

    /** The WHERE condition over {@code task_run}; never empty (TRUE when nothing filters). */
    public static Sql where(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments, WorkPoolFilter workPools, WorkQueueFilter workQueues) {
        String tr = ALIAS;
        List<Sql> c = new ArrayList<>();
        if (taskRuns != null) {
            c.add(FilterSql.where(taskRuns, tr));
        }
        boolean onlyRunIds = flowRuns != null && flowRuns.onlyFiltersOnId()
                && flows == null && deployments == null && workPools == null && workQueues == null;
        if (onlyRunIds) {
            // the cheap form Prefect uses when only flow-run ids are given
            c.add(Sql.of(tr + ".flow_run_id = ANY(?::uuid[])",
                    (Object) flowRuns.id().any().toArray(java.util.UUID[]::new)));
        } else if (flows != null || flowRuns != null || deployments != null || workPools != null
                || workQueues != null) {
            StringBuilder from = new StringBuilder("SELECT 1 FROM flow_run");
            List<Sql> inner = new ArrayList<>();
            inner.add(Sql.raw("flow_run.id = " + tr + ".flow_run_id"));
            if (flowRuns != null) {
                inner.add(FilterSql.where(flowRuns, "flow_run"));
            }
            if (flows != null) {
                from.append(" JOIN flow ON flow.id = flow_run.flow_id");
                inner.add(FilterSql.where(flows, "flow"));
            }
            if (deployments != null) {
                from.append(" JOIN deployment ON deployment.id = flow_run.deployment_id");
                inner.add(FilterSql.where(deployments, "deployment"));
            }
            if (workQueues != null || workPools != null) {
                from.append(" JOIN work_queue ON work_queue.id = flow_run.work_queue_id");
            }
            if (workQueues != null) {
                inner.add(FilterSql.where(workQueues, "work_queue"));
            }
            if (workPools != null) {
                from.append(" JOIN work_pool ON work_pool.id = work_queue.work_pool_id");
                inner.add(FilterSql.where(workPools, "work_pool"));
            }
            c.add(Sql.exists(Sql.raw(from + " WHERE ").append(Sql.and(inner))));
        }
        return Sql.and(c).asCondition();
    }

    public static Sql where(EntityFilters f) {
        return where(f.flows(), f.flowRuns(), f.taskRuns(), f.deployments(), f.workPools(), f.workQueues());
    }

    /** {@code SELECT <columns> FROM task_run WHERE ... ORDER BY ... LIMIT ... OFFSET ...}; null sort = default. */
    public static Sql select(String columns, EntityFilters filters, TaskRunSort sort, Integer limit, Integer offset) {
        return select(columns, "", filters, sort, limit, offset);
    }

    /**
     * As {@link #select(String, EntityFilters, TaskRunSort, Integer, Integer)}, with {@code joins} (SQL text from
     * code, e.g. a LEFT JOIN of the current state under an alias of its own) after {@code FROM task_run}.
     */
    public static Sql select(String columns, String joins, EntityFilters filters, TaskRunSort sort, Integer limit,
            Integer offset) {
        TaskRunSort order = sort == null ? TaskRunSort.DEFAULT : sort;
        String orderBy = " ORDER BY " + order.orderBy(ALIAS);
        if (joins.isEmpty()) {
            return Sql.raw("SELECT " + columns + " FROM task_run WHERE ").append(where(filters)).append(orderBy)
                    .append(Sql.page(limit, offset));
        }
        // The page is chosen first and joined after, so the joins run for the rows returned only.
        Sql page = Sql.raw("SELECT task_run.* FROM task_run WHERE ").append(where(filters)).append(orderBy)
                .append(Sql.page(limit, offset));
        return Sql.raw("SELECT " + columns + " FROM (").append(page).append(") task_run " + joins + orderBy);
    }

    public static Sql count(EntityFilters filters) {
        return Sql.raw("SELECT count(*) FROM task_run WHERE ").append(where(filters));
    }
}
