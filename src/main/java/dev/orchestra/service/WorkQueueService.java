package dev.orchestra.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.api.PrefectHttpException;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.persistence.ScheduledRunsRepository;
import dev.orchestra.persistence.WorkPoolRepository;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.WorkQueueStatusDetail;
import dev.orchestra.schemas.WorkQueueStatusDetail.HealthPolicy;
import dev.orchestra.schemas.WorkPools;
import dev.orchestra.schemas.WorkPools.WorkQueue;
import dev.orchestra.schemas.WorkPools.WorkQueueCreate;
import dev.orchestra.schemas.WorkPools.WorkQueueUpdate;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Work queues by id and by name ({@code /work_queues}): the queues of the default agent pool, which a queue created
 * here joins (the pool is created when missing), as in Prefect 2.14.21.
 */
@ApplicationScoped
public class WorkQueueService {

    private static final String NOT_FOUND = "work queue not found";

    private final WorkPoolService pools;
    private final WorkPoolRepository repo;
    private final ScheduledRunsRepository scheduled;
    private final Pool pool;
    private final OrchestraClock clock;

    public WorkQueueService(WorkPoolService pools, ScheduledRunsRepository scheduled, Pool pool,
            OrchestraClock clock) {
        this.pools = pools;
        this.repo = pools.repository();
        this.scheduled = scheduled;
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<WorkQueue> create(WorkQueueCreate request) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> pools.createInAgentPool(conn, request, now)
                .chain(id -> repo.readQueue(conn, id, now)))
                .onFailure(WorkPoolService::uniqueViolation)
                .transform(e -> PrefectHttpException.conflict("A work queue with this name already exists."));
    }

    public Uni<WorkQueue> read(UUID id) {
        return repo.readQueue(pool, id, clock.now()).onItem().ifNull()
                .failWith(() -> PrefectHttpException.notFound(NOT_FOUND));
    }

    /** By name in the default agent pool, or in any pool when that pool is gone. */
    public Uni<WorkQueue> readByName(String name) {
        OffsetDateTime now = clock.now();
        return pools.findPool(pool, WorkPools.DEFAULT_AGENT_POOL, now)
                .chain(agent -> repo.readQueueByName(pool, agent == null ? null : agent.id(), name, now))
                .onItem().ifNull().failWith(() -> PrefectHttpException.notFound(NOT_FOUND));
    }

    public Uni<List<WorkQueue>> filter(WorkQueueFilter filter, int limit, int offset) {
        return repo.filterQueues(pool, filter, limit, offset, clock.now());
    }

    public Uni<Void> update(UUID id, ObjectNode body, WorkQueueUpdate update) {
        WorkPoolService.rejectNulls(body, "name", "is_paused");
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> pools.updateQueue(conn, id, body, update, false, now))
                // Prefect formats Python's builtin id() here; we name the queue
                .chain(found -> found ? Uni.createFrom().voidItem() : Uni.createFrom().failure(
                        PrefectHttpException.notFound("Work Queue " + id + " not found")));
    }

    /**
     * An agent's poll ({@code POST /work_queues/{id}/get_runs}): the queue's due runs, then its {@code last_polled},
     * unless the Prefect UI asked (it only looks). A queue with a legacy tag filter finds runs by that filter.
     */
    public Uni<List<FlowRunResponse>> runs(UUID id, OffsetDateTime before, int limit, boolean fromUi) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> repo.readQueue(conn, id, now).onItem().ifNull()
                .failWith(() -> PrefectHttpException.objectNotFound("Work queue with id " + id + " not found."))
                .chain(q -> q.filter() == null ? scheduled.fromWorkQueue(conn, id, before, limit)
                        : scheduled.fromLegacyQueue(conn, q.filter(), q.concurrencyLimit(), q.isPaused(), before,
                                limit))
                .call(() -> fromUi ? Uni.createFrom().voidItem() : scheduled.recordQueuePoll(conn, id, now)))
                .map(rows -> {
                    OffsetDateTime at = clock.now();
                    return rows.stream().map(r -> FlowRunService.response(r, at)).toList();
                });
    }

    /** {@code GET /work_queues/{id}/status}: healthy when no run is Late and it was polled within a minute. */
    public Uni<WorkQueueStatusDetail> status(UUID id) {
        OffsetDateTime now = clock.now();
        return repo.readQueue(pool, id, now).onItem().ifNull()
                .failWith(() -> PrefectHttpException.objectNotFound("Work queue with id " + id + " not found"))
                .chain(q -> scheduled.lateRuns(pool, id).map(late -> {
                    HealthPolicy policy = HealthPolicy.DEFAULT;
                    return new WorkQueueStatusDetail(policy.healthy(late, q.lastPolled(), clock.now()), late,
                            q.lastPolled(), policy);
                }));
    }

    public Uni<Void> delete(UUID id) {
        return pool.withTransaction(conn -> repo.deleteQueue(conn, id)).chain(found -> found
                ? Uni.createFrom().voidItem() : Uni.createFrom().failure(PrefectHttpException.notFound(NOT_FOUND)));
    }
}
