package dev.orchestra.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.persistence.query.SqlQuery;
import dev.orchestra.persistence.query.WorkPoolQuery;
import dev.orchestra.schemas.WorkPools;
import dev.orchestra.schemas.WorkPools.QueueFilter;
import dev.orchestra.schemas.WorkPools.WorkPool;
import dev.orchestra.schemas.WorkPools.WorkPoolCreate;
import dev.orchestra.schemas.WorkPools.WorkQueue;
import dev.orchestra.schemas.WorkPools.WorkQueueCreate;
import dev.orchestra.schemas.WorkPools.Worker;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.filters.WorkerFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * SQL on {@code work_pool}, {@code work_queue} and {@code worker}, run on the caller's connection (a transaction's
 * or the pool). Statuses are derived from {@code now}: a queue polled within a minute is READY, a worker whose last
 * heartbeat is within three of its intervals is ONLINE, and a pool with an online worker is READY.
 */
@ApplicationScoped
public class WorkPoolRepository {

    static final String POOL_COLUMNS = "work_pool.id, work_pool.created, work_pool.updated, work_pool.name,"
            + " work_pool.description, work_pool.type, work_pool.base_job_template::text AS base_job_template,"
            + " work_pool.is_paused, work_pool.concurrency_limit, work_pool.default_queue_id";

    /** Whether the pool has an ONLINE worker at {@code ?} (the current time). */
    private static final String POOL_ONLINE = ", EXISTS (SELECT 1 FROM worker WHERE worker.work_pool_id = work_pool.id"
            + " AND worker.last_heartbeat_time > ?::timestamptz - make_interval(secs => coalesce("
            + "worker.heartbeat_interval_seconds, " + WorkPools.DEFAULT_HEARTBEAT_INTERVAL_SECONDS + ") * "
            + WorkPools.INACTIVITY_HEARTBEAT_MULTIPLE + ")) AS online";

    static final String QUEUE_COLUMNS = "work_queue.id, work_queue.created, work_queue.updated, work_queue.name,"
            + " work_queue.description, work_queue.is_paused, work_queue.concurrency_limit, work_queue.priority,"
            + " work_queue.work_pool_id, work_queue.filter::text AS filter, work_queue.last_polled,"
            + " (SELECT work_pool.name FROM work_pool WHERE work_pool.id = work_queue.work_pool_id) AS work_pool_name";

    static final String WORKER_COLUMNS = "worker.id, worker.created, worker.updated, worker.name, worker.work_pool_id,"
            + " worker.last_heartbeat_time, worker.heartbeat_interval_seconds";

    // ---- pools

    public Uni<WorkPool> readPool(SqlClient conn, String name, OffsetDateTime now) {
        return one(conn, Sql.of("SELECT " + POOL_COLUMNS + POOL_ONLINE + " FROM work_pool WHERE work_pool.name = ?",
                now, name), WorkPoolRepository::pool);
    }

    public Uni<WorkPool> readPool(SqlClient conn, UUID id, OffsetDateTime now) {
        return one(conn, Sql.of("SELECT " + POOL_COLUMNS + POOL_ONLINE + " FROM work_pool WHERE work_pool.id = ?",
                now, id), WorkPoolRepository::pool);
    }

    public Uni<List<WorkPool>> filterPools(SqlClient conn, WorkPoolFilter filter, int limit, int offset,
            OffsetDateTime now) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return list(conn, Sql.of("SELECT " + POOL_COLUMNS + POOL_ONLINE + " FROM work_pool WHERE ", now)
                .append(WorkPoolQuery.wherePool(filter)).append(" ORDER BY " + WorkPoolQuery.POOL_ORDER)
                .append(Sql.page(limit, offset)), WorkPoolRepository::pool);
    }

    public Uni<Long> countPools(SqlClient conn, WorkPoolFilter filter) {
        return list(conn, WorkPoolQuery.countPools(filter), r -> r.getLong(0)).map(l -> l.get(0));
    }

    /** Inserts the pool without its default queue (the service adds it and points the pool at it). */
    public Uni<UUID> insertPool(SqlClient conn, WorkPoolCreate p, OffsetDateTime now) {
        UUID id = UUID.randomUUID();
        return conn.preparedQuery("INSERT INTO work_pool (id, created, updated, name, description, type,"
                + " base_job_template, is_paused, concurrency_limit) VALUES ($1, $2, $2, $3, $4, $5, $6::text::jsonb,"
                + " $7, $8)")
                .execute(Tuple.tuple(List.of(id, now, p.name())).addValue(p.description()).addValue(p.type())
                        .addValue(p.baseJobTemplate().toString()).addValue(p.isPaused())
                        .addValue(p.concurrencyLimit()))
                .replaceWith(id);
    }

    public Uni<Void> setDefaultQueue(SqlClient conn, UUID poolId, UUID queueId) {
        return conn.preparedQuery("UPDATE work_pool SET default_queue_id = $1 WHERE id = $2")
                .execute(Tuple.of(queueId, poolId)).replaceWithVoid();
    }

    /** Sets the given columns of a pool. {@code sets} come from code. */
    public Uni<Void> updatePool(SqlClient conn, UUID id, Sql sets) {
        return execute(conn, Sql.raw("UPDATE work_pool SET ").append(sets).append(Sql.of(" WHERE id = ?", id)))
                .replaceWithVoid();
    }

    public Uni<Void> deletePool(SqlClient conn, UUID id) {
        return conn.preparedQuery("DELETE FROM work_pool WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    // ---- queues

    public Uni<WorkQueue> readQueue(SqlClient conn, UUID id, OffsetDateTime now) {
        return one(conn, Sql.of("SELECT " + QUEUE_COLUMNS + " FROM work_queue WHERE work_queue.id = ?", id),
                r -> queue(r, now));
    }

    /** A queue of the named pool. */
    public Uni<WorkQueue> readQueue(SqlClient conn, String poolName, String queueName, OffsetDateTime now) {
        return one(conn, Sql.of("SELECT " + QUEUE_COLUMNS + " FROM work_queue JOIN work_pool wp_ ON wp_.id ="
                + " work_queue.work_pool_id WHERE wp_.name = ? AND work_queue.name = ? LIMIT 1", poolName, queueName),
                r -> queue(r, now));
    }

    /** A queue by name alone: in the given pool when there is one, else in any pool. */
    public Uni<WorkQueue> readQueueByName(SqlClient conn, UUID poolId, String name, OffsetDateTime now) {
        Sql sql = poolId == null
                ? Sql.of("SELECT " + QUEUE_COLUMNS + " FROM work_queue WHERE work_queue.name = ? LIMIT 1", name)
                : Sql.of("SELECT " + QUEUE_COLUMNS + " FROM work_queue WHERE work_queue.name = ?"
                        + " AND work_queue.work_pool_id = ? LIMIT 1", name, poolId);
        return one(conn, sql, r -> queue(r, now));
    }

    /**
     * Queues with a legacy filter that lets a deployment's runs in: the filter's tags (none, or all among the
     * deployment's) and deployment ids (none, or the deployment's among them). Queues without a filter are not
     * listed, as on Prefect's PostgreSQL; at most a page of them, by name.
     */
    public Uni<List<WorkQueue>> queuesAccepting(SqlClient conn, UUID deploymentId, List<String> tags,
            OffsetDateTime now) {
        String queueTags = "COALESCE(work_queue.filter->'tags', 'null'::jsonb)";
        String queueDeployments = "COALESCE(work_queue.filter->'deployment_ids', 'null'::jsonb)";
        return list(conn, Sql.of("SELECT " + QUEUE_COLUMNS + " FROM work_queue WHERE jsonb_typeof(work_queue.filter)"
                + " = 'object' AND (?::text::jsonb @> " + queueTags + " OR '[]'::jsonb @> " + queueTags
                + " OR 'null'::jsonb @> " + queueTags + ") AND (" + queueDeployments + " @> to_jsonb(?::text)"
                + " OR 'null'::jsonb @> " + queueDeployments + " OR '[]'::jsonb @> " + queueDeployments + ")"
                + " ORDER BY work_queue.name, work_queue.id LIMIT " + dev.orchestra.schemas.Paging.DEFAULT_LIMIT,
                RunMapper.write(tags), deploymentId.toString()), r -> queue(r, now));
    }

    /** The ids of a pool's queues among {@code names}, by name. */
    public Uni<Map<String, UUID>> queueIdsByName(SqlClient conn, String poolName, List<String> names) {
        return list(conn, Sql.of("SELECT work_queue.name, work_queue.id FROM work_queue JOIN work_pool wp_ ON wp_.id ="
                + " work_queue.work_pool_id WHERE wp_.name = ? AND work_queue.name = ANY(?::text[])", poolName,
                names.toArray(String[]::new)), r -> Map.entry(r.getString(0), r.getUUID(1))).map(entries -> {
                    Map<String, UUID> out = new java.util.HashMap<>();
                    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
                    return out;
                });
    }

    public Uni<List<WorkQueue>> filterQueues(SqlClient conn, WorkQueueFilter filter, int limit, int offset,
            OffsetDateTime now) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return list(conn, WorkPoolQuery.selectQueues(QUEUE_COLUMNS, filter, limit, offset), r -> queue(r, now));
    }

    public Uni<List<WorkQueue>> filterPoolQueues(SqlClient conn, UUID poolId, WorkQueueFilter filter, int limit,
            int offset, OffsetDateTime now) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return list(conn, WorkPoolQuery.selectPoolQueues(QUEUE_COLUMNS, poolId, filter, limit, offset),
                r -> queue(r, now));
    }

    /**
     * Creates a queue in a pool. Without a priority it takes the first free one (Prefect's rule); with one, the
     * pool's other queues make room ({@link #reprioritize}).
     */
    public Uni<UUID> insertQueue(SqlClient conn, UUID poolId, WorkQueueCreate q, OffsetDateTime now) {
        UUID id = UUID.randomUUID();
        Uni<Integer> priority = q.priority() != null ? Uni.createFrom().item(q.priority())
                : priorities(conn, poolId).map(WorkPoolRepository::firstFreePriority);
        return priority.chain(p -> conn.preparedQuery("INSERT INTO work_queue (id, created, updated, name, description,"
                + " is_paused, concurrency_limit, priority, work_pool_id, filter)"
                + " VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)")
                .execute(Tuple.tuple(List.of(id, now, q.name(), q.description(), q.isPaused()))
                        .addValue(q.concurrencyLimit()).addValue(p).addValue(poolId)
                        .addValue(q.filter() == null ? null : RunMapper.write(q.filter()))))
                .chain(() -> q.priority() != null && q.priority() != 0
                        ? reprioritize(conn, poolId, Map.of(id, q.priority()))
                        : Uni.createFrom().voidItem())
                .replaceWith(id);
    }

    /** Sets the given columns of a queue; answers its pool when it exists. {@code sets} come from code. */
    public Uni<UUID> updateQueue(SqlClient conn, UUID id, Sql sets) {
        return execute(conn, Sql.raw("UPDATE work_queue SET ").append(sets)
                .append(Sql.of(" WHERE id = ? RETURNING work_pool_id", id)))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null);
    }

    public Uni<Boolean> deleteQueue(SqlClient conn, UUID id) {
        return conn.preparedQuery("DELETE FROM work_queue WHERE id = $1").execute(Tuple.of(id))
                .map(r -> r.rowCount() > 0);
    }

    /**
     * Prefect's {@code bulk_update_work_queue_priorities}: the queues given new priorities take them, the others
     * keep their order and are pushed down only as far as needed to keep priorities unique.
     */
    public Uni<Void> reprioritize(SqlClient conn, UUID poolId, Map<UUID, Integer> newPriorities) {
        return conn.preparedQuery("SELECT id, priority FROM work_queue WHERE work_pool_id = $1"
                + " ORDER BY priority ASC, created ASC, id ASC").execute(Tuple.of(poolId)).chain(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    List<Integer> priorities = new ArrayList<>();
                    List<UUID> moved = new ArrayList<>();
                    Map<UUID, Integer> before = new java.util.HashMap<>();
                    for (Row row : rows) {
                        UUID id = row.getUUID("id");
                        before.put(id, row.getInteger("priority"));
                        if (newPriorities.containsKey(id)) {
                            moved.add(id);
                        } else {
                            ids.add(id);
                            priorities.add(row.getInteger("priority"));
                        }
                    }
                    Map<UUID, Integer> after = new java.util.HashMap<>(before);
                    moved.sort(Comparator.comparing(newPriorities::get));
                    for (UUID id : moved) {
                        int target = newPriorities.get(id);
                        after.put(id, target);
                        for (int i = 0; i < ids.size(); i++) {
                            if (priorities.get(i) >= target) {
                                ids.add(i, id);
                                priorities.add(i, target);
                                break;
                            }
                        }
                    }
                    int last = 0;
                    for (int i = 0; i < ids.size(); i++) {
                        int p = priorities.get(i);
                        if (p <= last) {
                            last += 1;
                            after.put(ids.get(i), last);
                        } else {
                            last = p;
                        }
                    }
                    List<Tuple> changes = new ArrayList<>();
                    after.forEach((id, p) -> {
                        if (!p.equals(before.get(id))) {
                            changes.add(Tuple.of(p, id));
                        }
                    });
                    return changes.isEmpty() ? Uni.createFrom().voidItem()
                            : conn.preparedQuery("UPDATE work_queue SET priority = $1 WHERE id = $2")
                                    .executeBatch(changes).replaceWithVoid();
                });
    }

    private Uni<List<Integer>> priorities(SqlClient conn, UUID poolId) {
        return conn.preparedQuery("SELECT priority FROM work_queue WHERE work_pool_id = $1").execute(Tuple.of(poolId))
                .map(rows -> {
                    List<Integer> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getInteger(0)));
                    return out;
                });
    }

    /** The first priority not taken by the sorted list, else one past the highest. */
    static int firstFreePriority(List<Integer> taken) {
        List<Integer> sorted = new ArrayList<>(taken);
        Collections.sort(sorted);
        for (int i = 0; i < sorted.size(); i++) {
            if (i + 1 != sorted.get(i)) {
                return i + 1;
            }
        }
        return sorted.isEmpty() ? 1 : Math.max(sorted.get(sorted.size() - 1), 0) + 1;
    }

    // ---- workers

    public Uni<List<Worker>> filterWorkers(SqlClient conn, UUID poolId, WorkerFilter filter, int limit, int offset,
            OffsetDateTime now) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return list(conn, WorkPoolQuery.selectWorkers(WORKER_COLUMNS, poolId, filter, limit, offset),
                r -> worker(r, now));
    }

    /** Records a heartbeat: inserts the worker or moves its last heartbeat (and interval, when given). */
    public Uni<Void> heartbeat(SqlClient conn, UUID poolId, String name, Integer intervalSeconds,
            OffsetDateTime now) {
        String onConflict = intervalSeconds == null ? "last_heartbeat_time = EXCLUDED.last_heartbeat_time"
                : "last_heartbeat_time = EXCLUDED.last_heartbeat_time,"
                        + " heartbeat_interval_seconds = EXCLUDED.heartbeat_interval_seconds";
        return conn.preparedQuery("INSERT INTO worker (id, created, updated, work_pool_id, name, last_heartbeat_time,"
                + " heartbeat_interval_seconds) VALUES ($1, $2, $2, $3, $4, $2, $5)"
                + " ON CONFLICT (work_pool_id, name) DO UPDATE SET " + onConflict)
                .execute(Tuple.of(UUID.randomUUID(), now, poolId, name, intervalSeconds)).replaceWithVoid();
    }

    // ---- mapping

    static WorkPool pool(Row r) {
        String type = r.getString("type");
        boolean paused = Boolean.TRUE.equals(r.getBoolean("is_paused"));
        String status = WorkPools.AGENT_TYPE.equals(type) ? null
                : paused ? "PAUSED" : Boolean.TRUE.equals(r.getBoolean("online")) ? "READY" : "NOT_READY";
        return new WorkPool(r.getUUID("id"), r.getOffsetDateTime("created"), r.getOffsetDateTime("updated"),
                r.getString("name"), r.getString("description"), type, json(r.getString("base_job_template")), paused,
                r.getInteger("concurrency_limit"), r.getUUID("default_queue_id"), status);
    }

    static WorkQueue queue(Row r, OffsetDateTime now) {
        boolean paused = Boolean.TRUE.equals(r.getBoolean("is_paused"));
        OffsetDateTime lastPolled = r.getOffsetDateTime("last_polled");
        String status = paused ? "PAUSED" : recentlyPolled(lastPolled, now) ? "READY" : "NOT_READY";
        String filter = r.getString("filter");
        return new WorkQueue(r.getUUID("id"), r.getOffsetDateTime("created"), r.getOffsetDateTime("updated"),
                r.getString("name"), r.getString("description"), paused, r.getInteger("concurrency_limit"),
                r.getInteger("priority"), r.getUUID("work_pool_id"),
                filter == null || "null".equals(filter) ? null : RunMapper.read(filter, QueueFilter.class), lastPolled,
                r.getString("work_pool_name"), status);
    }

    static Worker worker(Row r, OffsetDateTime now) {
        Integer interval = r.getInteger("heartbeat_interval_seconds");
        OffsetDateTime last = r.getOffsetDateTime("last_heartbeat_time");
        long horizon = (long) (interval == null || interval == 0 ? WorkPools.DEFAULT_HEARTBEAT_INTERVAL_SECONDS
                : interval) * WorkPools.INACTIVITY_HEARTBEAT_MULTIPLE;
        String status = last != null && last.isAfter(now.minusSeconds(horizon)) ? "ONLINE" : "OFFLINE";
        return new Worker(r.getUUID("id"), r.getOffsetDateTime("created"), r.getOffsetDateTime("updated"),
                r.getString("name"), r.getUUID("work_pool_id"), last, interval, status);
    }

    /** Prefect's READY horizon for queues and deployments: polled within the last minute. */
    public static boolean recentlyPolled(OffsetDateTime lastPolled, OffsetDateTime now) {
        return lastPolled != null && lastPolled.isAfter(now.minusSeconds(WorkPools.LAST_POLLED_TIMEOUT_SECONDS));
    }

    static JsonNode json(String text) {
        return text == null ? null : RunMapper.tree(text);
    }

    // ---- plumbing

    static Uni<RowSet<Row>> execute(SqlClient conn, Sql sql) {
        SqlQuery q = sql.render();
        return conn.preparedQuery(q.sql()).execute(Tuple.from(q.params()));
    }

    static <T> Uni<List<T>> list(SqlClient conn, Sql sql, Function<Row, T> mapper) {
        return execute(conn, sql).map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(mapper.apply(r)));
            return out;
        });
    }

    static <T> Uni<T> one(SqlClient conn, Sql sql, Function<Row, T> mapper) {
        return list(conn, sql, mapper).map(l -> l.isEmpty() ? null : l.get(0));
    }
}
