package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.sorting.FlowRunSort;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow-run selection (Prefect's {@code _apply_flow_run_filters}): the flow-run filter applies to the row itself,
 * every other filter through an EXISTS subquery on the related rows. All conditions are AND-ed.
 */
public final class FlowRunQuery {

    public static final String ALIAS = "flow_run";

    private FlowRunQuery() {
    }

    /** The WHERE condition over {@code flow_run}; never empty (TRUE when nothing filters). */
    public static Sql where(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments, WorkPoolFilter workPools, WorkQueueFilter workQueues) {
        String fr = ALIAS;
        List<Sql> c = new ArrayList<>();
        if (flowRuns != null) {
            c.add(FilterSql.where(flowRuns, fr));
        }
        if (deployments != null) {
            c.add(Sql.exists(Sql.raw("SELECT 1 FROM deployment WHERE deployment.id = " + fr + ".deployment_id AND ")
                    .append(FilterSql.where(deployments, "deployment").asCondition())));
        }
        if (workPools != null) {
            c.add(Sql.exists(Sql.raw("SELECT 1 FROM work_queue JOIN work_pool ON work_pool.id = work_queue.work_pool_id"
                    + " WHERE work_queue.id = " + fr + ".work_queue_id AND ")
                    .append(FilterSql.where(workPools, "work_pool").asCondition())));
        }
        if (workQueues != null) {
            c.add(Sql.exists(Sql.raw("SELECT 1 FROM work_queue WHERE work_queue.id = " + fr + ".work_queue_id AND ")
                    .append(FilterSql.where(workQueues, "work_queue").asCondition())));
        }
        // Prefect puts these two in one EXISTS over flow JOIN task_run; as the flow is a single row, two
        // independent EXISTS select the same runs.
        if (flows != null) {
            c.add(Sql.exists(Sql.raw("SELECT 1 FROM flow WHERE flow.id = " + fr + ".flow_id AND ")
                    .append(FilterSql.where(flows, "flow").asCondition())));
        }
        if (taskRuns != null) {
            c.add(Sql.exists(Sql.raw("SELECT 1 FROM task_run WHERE task_run.flow_run_id = " + fr + ".id AND ")
                    .append(FilterSql.where(taskRuns, "task_run").asCondition())));
        }
        return Sql.and(c).asCondition();
    }

    public static Sql where(EntityFilters f) {
        return where(f.flows(), f.flowRuns(), f.taskRuns(), f.deployments(), f.workPools(), f.workQueues());
    }

    /**
     * {@code SELECT <columns> FROM flow_run WHERE ... ORDER BY ... LIMIT ... OFFSET ...}. {@code columns} is SQL
     * text from code (e.g. {@code "flow_run.*"}); a null sort means {@link FlowRunSort#DEFAULT}.
     */
    public static Sql select(String columns, EntityFilters filters, FlowRunSort sort, Integer limit, Integer offset) {
        return select(columns, "", filters, sort, limit, offset);
    }

    /**
     * As {@link #select(String, EntityFilters, FlowRunSort, Integer, Integer)}, with {@code joins} (SQL text from
     * code, e.g. a LEFT JOIN of the current state under an alias of its own) after {@code FROM flow_run}.
     */
    public static Sql select(String columns, String joins, EntityFilters filters, FlowRunSort sort, Integer limit,
            Integer offset) {
        FlowRunSort order = sort == null ? FlowRunSort.DEFAULT : sort;
        String orderBy = " ORDER BY " + order.orderBy(ALIAS);
        if (joins.isEmpty()) {
            return Sql.raw("SELECT " + columns + " FROM flow_run WHERE ").append(where(filters)).append(orderBy)
                    .append(Sql.page(limit, offset));
        }
        // The page is chosen first and joined after, so the joins run for the rows returned only.
        Sql page = Sql.raw("SELECT flow_run.* FROM flow_run WHERE ").append(where(filters)).append(orderBy)
                .append(Sql.page(limit, offset));
        return Sql.raw("SELECT " + columns + " FROM (").append(page).append(") flow_run " + joins + orderBy);
    }

    /** {@code SELECT count(*) FROM flow_run WHERE ...}. */
    public static Sql count(EntityFilters filters) {
        return Sql.raw("SELECT count(*) FROM flow_run WHERE ").append(where(filters));
    }
}
