package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.sorting.DeploymentSort;
import java.util.ArrayList;
import java.util.List;

/**
 * Deployment selection (Prefect's {@code _apply_deployment_filters}): one EXISTS for the flow, one for flow runs
 * (joined to task runs when those are filtered), one for the work queue (joined to its pool when filtered).
 */
public final class DeploymentQuery {

    public static final String ALIAS = "deployment";

    private DeploymentQuery() {
    }

    public static Sql where(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments, WorkPoolFilter workPools, WorkQueueFilter workQueues) {
        String d = ALIAS;
        List<Sql> c = new ArrayList<>();
        if (deployments != null) {
            c.add(FilterSql.where(deployments, d));
        }
        if (flows != null) {
            c.add(Sql.exists(Sql.raw("SELECT 1 FROM flow WHERE " + d + ".flow_id = flow.id AND ")
                    .append(FilterSql.where(flows, "flow").asCondition())));
        }
        if (flowRuns != null || taskRuns != null) {
            c.add(FlowQuery.runsExist(d + ".id", "flow_run.deployment_id", flowRuns, taskRuns));
        }
        if (workPools != null || workQueues != null) {
            String from = "SELECT 1 FROM work_queue";
            List<Sql> inner = new ArrayList<>();
            inner.add(Sql.raw(d + ".work_queue_id = work_queue.id"));
            if (workQueues != null) {
                inner.add(FilterSql.where(workQueues, "work_queue"));
            }
            if (workPools != null) {
                from += " JOIN work_pool ON work_pool.id = work_queue.work_pool_id";
                inner.add(FilterSql.where(workPools, "work_pool"));
            }
            c.add(Sql.exists(Sql.raw(from + " WHERE ").append(Sql.and(inner))));
        }
        return Sql.and(c).asCondition();
    }

    public static Sql where(EntityFilters f) {
        return where(f.flows(), f.flowRuns(), f.taskRuns(), f.deployments(), f.workPools(), f.workQueues());
    }

    public static Sql select(String columns, EntityFilters filters, DeploymentSort sort, Integer limit,
            Integer offset) {
        DeploymentSort order = sort == null ? DeploymentSort.DEFAULT : sort;
        return Sql.raw("SELECT " + columns + " FROM deployment WHERE ").append(where(filters))
                .append(" ORDER BY " + order.orderBy(ALIAS)).append(Sql.page(limit, offset));
    }

    public static Sql count(EntityFilters filters) {
        return Sql.raw("SELECT count(*) FROM deployment WHERE ").append(where(filters));
    }
}
