package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.sorting.FlowSort;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow selection (Prefect's {@code _apply_flow_filters}): deployment and work-pool filters share one EXISTS over
 * the flow's deployments, flow-run and task-run filters one over its flow runs. The flows routes take no
 * work-queue filter.
 */
public final class FlowQuery {

    public static final String ALIAS = "flow";

    private FlowQuery() {
    }

    public static Sql where(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments, WorkPoolFilter workPools) {
        String fl = ALIAS;
        List<Sql> c = new ArrayList<>();
        if (flows != null) {
            c.add(FilterSql.where(flows, fl));
        }
        if (deployments != null || workPools != null) {
            StringBuilder from = new StringBuilder("SELECT 1 FROM deployment");
            List<Sql> inner = new ArrayList<>();
            inner.add(Sql.raw("deployment.flow_id = " + fl + ".id"));
            if (deployments != null) {
                inner.add(FilterSql.where(deployments, "deployment"));
            }
            if (workPools != null) {
                from.append(" JOIN work_queue ON work_queue.id = deployment.work_queue_id"
                        + " JOIN work_pool ON work_pool.id = work_queue.work_pool_id");
                inner.add(FilterSql.where(workPools, "work_pool"));
            }
            c.add(Sql.exists(Sql.raw(from + " WHERE ").append(Sql.and(inner))));
        }
        if (flowRuns != null || taskRuns != null) {
            c.add(runsExist(fl + ".id", "flow_run.flow_id", flowRuns, taskRuns));
        }
        return Sql.and(c).asCondition();
    }

    public static Sql where(EntityFilters f) {
        return where(f.flows(), f.flowRuns(), f.taskRuns(), f.deployments(), f.workPools());
    }

    public static Sql select(String columns, EntityFilters filters, FlowSort sort, Integer limit, Integer offset) {
        FlowSort order = sort == null ? FlowSort.DEFAULT : sort;
        return Sql.raw("SELECT " + columns + " FROM flow WHERE ").append(where(filters))
                .append(" ORDER BY " + order.orderBy(ALIAS)).append(Sql.page(limit, offset));
    }

    public static Sql count(EntityFilters filters) {
        return Sql.raw("SELECT count(*) FROM flow WHERE ").append(where(filters));
    }

    /** EXISTS a flow run with {@code runColumn = outerKey} matching the flow-run filter and having a matching task run. */
    static Sql runsExist(String outerKey, String runColumn, FlowRunFilter flowRuns, TaskRunFilter taskRuns) {
        String from = "SELECT 1 FROM flow_run";
        List<Sql> inner = new ArrayList<>();
        inner.add(Sql.raw(runColumn + " = " + outerKey));
        if (flowRuns != null) {
            inner.add(FilterSql.where(flowRuns, "flow_run"));
        }
        if (taskRuns != null) {
            from += " JOIN task_run ON task_run.flow_run_id = flow_run.id";
            inner.add(FilterSql.where(taskRuns, "task_run"));
        }
        return Sql.exists(Sql.raw(from + " WHERE ").append(Sql.and(inner)));
    }
}
