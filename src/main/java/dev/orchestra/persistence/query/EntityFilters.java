package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;

/**
 * The filters a list/count route receives ({@code flows}, {@code flow_runs}, {@code task_runs},
 * {@code deployments}, {@code work_pools}, {@code work_pool_queues}); each may be null. A null filter adds no
 * condition, while a present but empty one still requires the related row to exist, as in Prefect.
 */
public record EntityFilters(
        FlowFilter flows,
        FlowRunFilter flowRuns,
        TaskRunFilter taskRuns,
        DeploymentFilter deployments,
        WorkPoolFilter workPools,
        WorkQueueFilter workQueues) {

    public static final EntityFilters NONE = new EntityFilters(null, null, null, null, null, null);

    public EntityFilters withFlows(FlowFilter f) {
        return new EntityFilters(f, flowRuns, taskRuns, deployments, workPools, workQueues);
    }

    public EntityFilters withFlowRuns(FlowRunFilter f) {
        return new EntityFilters(flows, f, taskRuns, deployments, workPools, workQueues);
    }

    public EntityFilters withTaskRuns(TaskRunFilter f) {
        return new EntityFilters(flows, flowRuns, f, deployments, workPools, workQueues);
    }

    public EntityFilters withDeployments(DeploymentFilter f) {
        return new EntityFilters(flows, flowRuns, taskRuns, f, workPools, workQueues);
    }

    public EntityFilters withWorkPools(WorkPoolFilter f) {
        return new EntityFilters(flows, flowRuns, taskRuns, deployments, f, workQueues);
    }

    public EntityFilters withWorkQueues(WorkQueueFilter f) {
        return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, f);
    }
}
