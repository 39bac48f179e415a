package dev.orchestra.persistence.query;

import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.filters.WorkerFilter;
import java.util.UUID;

/**
 * Work pools, their queues and workers. These routes have no sort parameter; Prefect orders pools by name,
 * a pool's queues by priority, all work queues by name, and workers by latest heartbeat first.
 */
public final class WorkPoolQuery {

    public static final String POOL_ORDER = "work_pool.name ASC";
    public static final String POOL_QUEUE_ORDER = "work_queue.priority ASC";
    public static final String QUEUE_ORDER = "work_queue.name ASC";
    public static final String WORKER_ORDER = "worker.last_heartbeat_time DESC";

    private WorkPoolQuery() {
    }

    /** Condition over {@code work_pool}; TRUE for a null filter. */
    public static Sql wherePool(WorkPoolFilter filter) {
        return filter == null ? Sql.TRUE : FilterSql.where(filter, "work_pool").asCondition();
    }

    /** Condition over {@code work_queue}; TRUE for a null filter. */
    public static Sql whereQueue(WorkQueueFilter filter) {
        return filter == null ? Sql.TRUE : FilterSql.where(filter, "work_queue").asCondition();
    }

    /** Condition over {@code worker}; TRUE for a null filter. */
    public static Sql whereWorker(WorkerFilter filter) {
        return filter == null ? Sql.TRUE : FilterSql.where(filter, "worker").asCondition();
    }

    public static Sql selectPools(String columns, WorkPoolFilter filter, Integer limit, Integer offset) {
        return Sql.raw("SELECT " + columns + " FROM work_pool WHERE ").append(wherePool(filter))
                .append(" ORDER BY " + POOL_ORDER).append(Sql.page(limit, offset));
    }

    public static Sql countPools(WorkPoolFilter filter) {
        return Sql.raw("SELECT count(*) FROM work_pool WHERE ").append(wherePool(filter));
    }

    /** All work queues ({@code /work_queues/filter}). */
    public static Sql selectQueues(String columns, WorkQueueFilter filter, Integer limit, Integer offset) {
        return Sql.raw("SELECT " + columns + " FROM work_queue WHERE ").append(whereQueue(filter))
                .append(" ORDER BY " + QUEUE_ORDER).append(Sql.page(limit, offset));
    }

    /** One pool's queues ({@code /work_pools/{name}/queues/filter}). */
    public static Sql selectPoolQueues(String columns, UUID workPoolId, WorkQueueFilter filter, Integer limit,
            Integer offset) {
        return Sql.of("SELECT " + columns + " FROM work_queue WHERE work_queue.work_pool_id = ? AND ", workPoolId)
                .append(whereQueue(filter))
                .append(" ORDER BY " + POOL_QUEUE_ORDER).append(Sql.page(limit, offset));
    }

    /** One pool's workers ({@code /work_pools/{name}/workers/filter}). */
    public static Sql selectWorkers(String columns, UUID workPoolId, WorkerFilter filter, Integer limit,
            Integer offset) {
        return Sql.of("SELECT " + columns + " FROM worker WHERE worker.work_pool_id = ? AND ", workPoolId)
                .append(whereWorker(filter))
                .append(" ORDER BY " + WORKER_ORDER).append(Sql.page(limit, offset));
    }
}
