package dev.orchestra.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.api.PrefectHttpException;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.ScheduledRunsRepository;
import dev.orchestra.persistence.WorkPoolRepository;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.ValidationException;
import dev.orchestra.schemas.WorkPools;
import dev.orchestra.schemas.WorkPools.WorkPool;
import dev.orchestra.schemas.WorkPools.WorkPoolCreate;
import dev.orchestra.schemas.WorkPools.WorkPoolUpdate;
import dev.orchestra.schemas.WorkPools.WorkQueue;
import dev.orchestra.schemas.WorkPools.WorkQueueCreate;
import dev.orchestra.schemas.WorkPools.WorkQueueUpdate;
import dev.orchestra.schemas.WorkPools.Worker;
import dev.orchestra.schemas.WorkerFlowRunResponse;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.filters.WorkerFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Work pools ({@code /work_pools}), their queues and workers, and the name-to-id lookups deployments and work queues
 * share ({@code WorkerLookups}, {@code _ensure_work_queue_exists}). Writes run in one transaction each.
 */
@ApplicationScoped
public class WorkPoolService {

    private static final String RESERVED = "Work pools starting with 'Prefect' are reserved for internal use";

    private final WorkPoolRepository repo;
    private final ScheduledRunsRepository scheduled;
    private final Pool pool;
    private final OrchestraClock clock;

    public WorkPoolService(WorkPoolRepository repo, ScheduledRunsRepository scheduled, Pool pool,
            OrchestraClock clock) {
        this.repo = repo;
        this.scheduled = scheduled;
        this.pool = pool;
        this.clock = clock;
    }

    // ---- pools

    public Uni<WorkPool> create(WorkPoolCreate request) {
        if (request.name().toLowerCase(Locale.ROOT).replaceAll("^['\" ]+|['\" ]+$", "").isEmpty()) {
            return Uni.createFrom().failure(PrefectHttpException.badRequest("Work pool name cannot be empty."));
        }
        if (reserved(request.name())) {
            return Uni.createFrom().failure(new PrefectHttpException(403, RESERVED + "."));
        }
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> createPool(conn, request, now).chain(id -> repo.readPool(conn, id, now)))
                .onFailure(WorkPoolService::uniqueViolation)
                .transform(e -> PrefectHttpException.conflict("A work pool with this name already exists."));
    }

    /** Creates a pool and its default queue (Prefect's {@code create_work_pool}); answers the pool's id. */
    public Uni<UUID> createPool(SqlClient conn, WorkPoolCreate request, OffsetDateTime now) {
        return repo.insertPool(conn, request, now).chain(poolId -> repo.insertQueue(conn, poolId,
                WorkQueueCreate.named("default", null, "The work pool's default queue."), now)
                .chain(queueId -> repo.setDefaultQueue(conn, poolId, queueId)).replaceWith(poolId));
    }

    public Uni<WorkPool> read(String name) {
        return repo.readPool(pool, name, clock.now()).onItem().ifNull().failWith(() -> poolNotFound(name));
    }

    public Uni<List<WorkPool>> filter(WorkPoolFilter filter, int limit, int offset) {
        return repo.filterPools(pool, filter, limit, offset, clock.now());
    }

    public Uni<Long> count(WorkPoolFilter filter) {
        return repo.countPools(pool, filter);
    }

    /** Reserved pools may only be paused or given a concurrency limit. */
    public Uni<Void> update(String name, ObjectNode body, WorkPoolUpdate update) {
        Set<String> allowed = Set.of("is_paused", "concurrency_limit");
        List<String> sent = new ArrayList<>();
        body.fieldNames().forEachRemaining(sent::add);
        if (reserved(name) && !allowed.containsAll(sent)) {
            return Uni.createFrom().failure(new PrefectHttpException(403, RESERVED
                    + " and can only be updated to set concurrency limits or pause."));
        }
        OffsetDateTime now = clock.now();
        List<Sql> sets = new ArrayList<>();
        if (body.has("description")) {
            sets.add(Sql.of("description = ?", update.description()));
        }
        if (body.has("is_paused")) {
            sets.add(Sql.of("is_paused = ?", update.isPaused()));
        }
        if (body.has("base_job_template")) {
            sets.add(Sql.of("base_job_template = ?::text::jsonb", update.baseJobTemplate() == null
                    || update.baseJobTemplate().isNull() ? null : update.baseJobTemplate().toString()));
        }
        if (body.has("concurrency_limit")) {
            sets.add(Sql.of("concurrency_limit = ?", update.concurrencyLimit()));
        }
        sets.add(Sql.of("updated = ?", now));
        return pool.withTransaction(conn -> poolId(conn, name).chain(id -> repo.updatePool(conn, id, join(sets))));
    }

    public Uni<Void> delete(String name) {
        if (reserved(name)) {
            return Uni.createFrom().failure(new PrefectHttpException(403, RESERVED + " and can not be deleted."));
        }
        return pool.withTransaction(conn -> poolId(conn, name).chain(id -> repo.deletePool(conn, id)));
    }

    // ---- a pool's queues

    public Uni<WorkQueue> createQueue(String poolName, WorkQueueCreate request) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> poolId(conn, poolName)
                .chain(poolId -> repo.insertQueue(conn, poolId, request, now))
                .chain(id -> repo.readQueue(conn, id, now)))
                .onFailure(WorkPoolService::uniqueViolation)
                // Prefect forgot the f-string and says {work_pool_name!r} literally; we name the pool
                .transform(e -> PrefectHttpException.conflict(
                        "A work queue with this name already exists in work pool '" + poolName + "'."));
    }

    public Uni<WorkQueue> readQueue(String poolName, String queueName) {
        OffsetDateTime now = clock.now();
        return repo.readQueue(pool, poolName, queueName, now).onItem().ifNull()
                .failWith(() -> queueNotFound(poolName, queueName));
    }

    public Uni<List<WorkQueue>> filterQueues(String poolName, WorkQueueFilter filter, int limit, int offset) {
        OffsetDateTime now = clock.now();
        return poolId(pool, poolName).chain(id -> repo.filterPoolQueues(pool, id, filter, limit, offset, now));
    }

    public Uni<Void> updateQueue(String poolName, String queueName, ObjectNode body, WorkQueueUpdate update) {
        rejectNulls(body, "name", "is_paused");
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> queueId(conn, poolName, queueName, false, now)
                .chain(id -> updateQueue(conn, id, body, update, true, now))).replaceWithVoid();
    }

    /**
     * Sets the fields sent; with {@code reprioritize} (the pool-queue route), a new priority makes room among the
     * pool's queues. Answers whether the queue exists.
     */
    public Uni<Boolean> updateQueue(SqlClient conn, UUID id, ObjectNode body, WorkQueueUpdate update,
            boolean reprioritize, OffsetDateTime now) {
        List<Sql> sets = new ArrayList<>();
        if (body.has("name")) {
            sets.add(Sql.of("name = ?", update.name()));
        }
        if (body.has("description")) {
            sets.add(Sql.of("description = ?", update.description()));
        }
        if (body.has("is_paused")) {
            sets.add(Sql.of("is_paused = ?", update.isPaused()));
        }
        if (body.has("concurrency_limit")) {
            sets.add(Sql.of("concurrency_limit = ?", update.concurrencyLimit()));
        }
        if (body.has("priority")) {
            sets.add(Sql.of("priority = ?", update.priority()));
        }
        if (body.has("last_polled")) {
            sets.add(Sql.of("last_polled = ?", update.lastPolled()));
        }
        if (body.has("filter")) {
            sets.add(Sql.of("filter = ?::text::jsonb", update.filter() == null ? null : RunMapper.write(update.filter())));
        }
        sets.add(Sql.of("updated = ?", now));
        return repo.updateQueue(conn, id, join(sets)).chain(poolId -> {
            if (poolId == null) {
                return Uni.createFrom().item(false);
            }
            return reprioritize && body.has("priority") && update.priority() != null
                    ? repo.reprioritize(conn, poolId, Map.of(id, update.priority())).replaceWith(true)
                    : Uni.createFrom().item(true);
        });
    }

    /** Deletes a pool's queue, then closes the gap in priorities; a pool's default queue cannot go. */
    public Uni<Void> deleteQueue(String poolName, String queueName) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> repo.readQueue(conn, poolName, queueName, now).onItem().ifNull()
                .failWith(() -> queueNotFound(poolName, queueName))
                .chain(q -> repo.readPool(conn, q.workPoolId(), now).chain(p -> {
                    if (q.id().equals(p.defaultQueueId())) {
                        return Uni.createFrom().failure(
                                PrefectHttpException.conflict("Can't delete a pool's default queue."));
                    }
                    return repo.deleteQueue(conn, q.id()).chain(() -> repo.reprioritize(conn, q.workPoolId(),
                            Map.of()));
                })));
    }

    // ---- polling

    /**
     * A worker's poll ({@code POST /work_pools/{name}/get_scheduled_flow_runs}): the runs due in the pool's queues (the
     * named ones, or all), then the polled queues get their {@code last_polled}. Unknown names are a 404.
     */
    public Uni<List<WorkerFlowRunResponse>> scheduledFlowRuns(String poolName, List<String> queueNames,
            OffsetDateTime before, OffsetDateTime after, int limit) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> poolId(conn, poolName).chain(poolId -> queueIds(conn, poolName, queueNames)
                .chain(queueIds -> scheduled.fromWorkPool(conn, poolId, queueIds, before, after, limit))
                .call(() -> scheduled.recordPoolPolls(conn, poolId, queueNames, now))))
                .map(found -> {
                    OffsetDateTime at = clock.now();
                    return found.stream().map(r -> new WorkerFlowRunResponse(r.workPoolId(), r.workQueueId(),
                            WorkerFlowRunResponse.FlowRun.of(FlowRunService.response(r.row(), at)))).toList();
                });
    }

    /** The ids of the named queues of a pool, in the order named; null for none named; 404 for an unknown one. */
    private Uni<List<UUID>> queueIds(SqlClient conn, String poolName, List<String> names) {
        if (names == null) {
            return Uni.createFrom().nullItem();
        }
        if (names.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return repo.queueIdsByName(conn, poolName, names).map(byName -> {
            List<UUID> ids = new ArrayList<>();
            for (String name : names) {
                UUID id = byName.get(name);
                if (id == null) {
                    throw queueNotFound(poolName, name);
                }
                ids.add(id);
            }
            return ids;
        });
    }

    // ---- workers

    public Uni<Void> heartbeat(String poolName, String workerName, Integer intervalSeconds) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> poolId(conn, poolName)
                .chain(id -> repo.heartbeat(conn, id, workerName, intervalSeconds, now)));
    }

    public Uni<List<Worker>> filterWorkers(String poolName, WorkerFilter filter, int limit, int offset) {
        OffsetDateTime now = clock.now();
        return poolId(pool, poolName).chain(id -> repo.filterWorkers(pool, id, filter, limit, offset, now));
    }

    // ---- lookups shared with deployments and work queues (Prefect's WorkerLookups)

    /** The pool's id; 404 when there is no such pool. */
    public Uni<UUID> poolId(SqlClient conn, String name) {
        return repo.readPool(conn, name, clock.now()).onItem().ifNull().failWith(() -> poolNotFound(name))
                .map(WorkPool::id);
    }

    /** The pool, or null. */
    public Uni<WorkPool> findPool(SqlClient conn, String name, OffsetDateTime now) {
        return repo.readPool(conn, name, now);
    }

    /** The id of the pool's default queue; 404 when there is no such pool. */
    public Uni<UUID> defaultQueueId(SqlClient conn, String poolName) {
        return repo.readPool(conn, poolName, clock.now()).onItem().ifNull().failWith(() -> poolNotFound(poolName))
                .map(WorkPool::defaultQueueId);
    }

    /** The id of a pool's queue; created in the pool when missing and asked to, else 404. */
    public Uni<UUID> queueId(SqlClient conn, String poolName, String queueName, boolean create, OffsetDateTime now) {
        return repo.readQueue(conn, poolName, queueName, now).chain(q -> {
            if (q != null) {
                return Uni.createFrom().item(q.id());
            }
            if (!create) {
                return Uni.createFrom().failure(queueNotFound(poolName, queueName));
            }
            return poolId(conn, poolName).chain(poolId -> repo.insertQueue(conn, poolId,
                    WorkQueueCreate.named(queueName, null, null), now));
        });
    }

    /**
     * Prefect's {@code _ensure_work_queue_exists}: the queue of that name (in the default agent pool when there is
     * one), else a new one there with priority 1; the name "default" means the agent pool's default queue. Without
     * the agent pool, it is created first (as {@code /work_queues/} does).
     */
    public Uni<UUID> ensureQueue(SqlClient conn, String name, OffsetDateTime now) {
        return repo.readPool(conn, WorkPools.DEFAULT_AGENT_POOL, now).chain(agentPool -> repo.readQueueByName(conn,
                agentPool == null ? null : agentPool.id(), name, now).chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(existing.id());
                    }
                    if (agentPool == null) {
                        return createInAgentPool(conn, WorkQueueCreate.named(name, 1, null), now);
                    }
                    return "default".equals(name) ? Uni.createFrom().item(agentPool.defaultQueueId())
                            : repo.insertQueue(conn, agentPool.id(), WorkQueueCreate.named(name, 1, null), now);
                }));
    }

    /**
     * Prefect's {@code models.work_queues.create_work_queue}: a queue in the default agent pool, which is created
     * (with its default queue) when missing; asking then for "default" answers that default queue.
     */
    public Uni<UUID> createInAgentPool(SqlClient conn, WorkQueueCreate request, OffsetDateTime now) {
        return repo.readPool(conn, WorkPools.DEFAULT_AGENT_POOL, now).chain(agentPool -> {
            if (agentPool != null) {
                return repo.insertQueue(conn, agentPool.id(), request, now);
            }
            WorkPoolCreate create = new WorkPoolCreate(WorkPools.DEFAULT_AGENT_POOL, null, WorkPools.AGENT_TYPE, null,
                    false, null);
            return createPool(conn, create, now).chain(poolId -> "default".equals(request.name())
                    ? repo.readPool(conn, poolId, now).map(WorkPool::defaultQueueId)
                    : repo.insertQueue(conn, poolId, request, now));
        });
    }

    public WorkPoolRepository repository() {
        return repo;
    }

    // ---- helpers

    static boolean reserved(String poolName) {
        return poolName.toLowerCase(Locale.ROOT).startsWith("prefect");
    }

    static PrefectHttpException poolNotFound(String name) {
        return PrefectHttpException.notFound("Work pool \"" + name + "\" not found.");
    }

    static PrefectHttpException queueNotFound(String poolName, String queueName) {
        return PrefectHttpException.notFound("Work pool queue '" + poolName + "/" + queueName + "' not found.");
    }

    static boolean uniqueViolation(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    static Sql join(List<Sql> sets) {
        Sql out = sets.get(0);
        for (int i = 1; i < sets.size(); i++) {
            out = out.append(", ").append(sets.get(i));
        }
        return out;
    }

    /** Fields pydantic does not let be null when sent (non-Optional fields of an update). */
    static void rejectNulls(ObjectNode body, String... fields) {
        for (String f : fields) {
            if (body.has(f) && body.get(f).isNull()) {
                throw ValidationException.of(List.of("body", f), "none is not an allowed value",
                        "type_error.none.not_allowed");
            }
        }
    }
}
