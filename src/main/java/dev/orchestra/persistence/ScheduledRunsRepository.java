package dev.orchestra.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.persistence.Rows.FlowRunRow;
import dev.orchestra.persistence.convert.StringListJson;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.WorkPools.QueueFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The SCHEDULED runs workers and agents poll for, within the concurrency their pool and queue leave, and the record
 * of those polls. Every query is bounded by the caller's {@code limit}.
 */
@ApplicationScoped
public class ScheduledRunsRepository {

    /** What scheduling reads of a deployment. */
    public record DeploymentToSchedule(UUID id, UUID flowId, JsonNode schedule, boolean active, List<String> tags) {
    }

    /** A scheduled run to insert: its id, its state's id, name, idempotency key, date and state details. */
    public record NewRun(UUID id, UUID stateId, String name, String idempotencyKey, OffsetDateTime at,
            String stateDetails) {
    }

    /**
     * Inserts the runs and their SCHEDULED states in one statement; a run whose idempotency key the flow already has
     * is skipped with its state.
     */
    private static final String INSERT_SCHEDULED = "WITH given AS ("
            + " SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])"
            + " AS g(run_id, state_id, name, idempotency_key, at, details)),"
            + " runs AS (INSERT INTO flow_run (id, created, updated, name, flow_id, deployment_id, work_queue_name,"
            + " work_queue_id, parameters, infrastructure_document_id, idempotency_key, tags, auto_scheduled,"
            + " empirical_policy, state_id, state_type, state_name, state_timestamp, next_scheduled_start_time,"
            + " expected_start_time)"
            + " SELECT g.run_id, ?, ?, g.name, d.flow_id, d.id, d.work_queue_name, d.work_queue_id, d.parameters,"
            + " d.infrastructure_document_id, g.idempotency_key, ?::text::jsonb, ?, ?::text::jsonb, g.state_id,"
            + " 'SCHEDULED', 'Scheduled', ?, g.at, g.at FROM given g CROSS JOIN deployment d WHERE d.id = ?"
            + " ON CONFLICT (flow_id, idempotency_key) DO NOTHING"
            + " RETURNING id, state_id)"
            + " INSERT INTO flow_run_state (id, created, updated, flow_run_id, type, timestamp, name, message,"
            + " state_details) SELECT runs.state_id, ?, ?, runs.id, 'SCHEDULED', ?, 'Scheduled', 'Flow run scheduled',"
            + " g.details::jsonb FROM runs JOIN given g ON g.run_id = runs.id RETURNING flow_run_id";

    public Uni<DeploymentToSchedule> deploymentToSchedule(SqlClient conn, UUID id) {
        return WorkPoolRepository.one(conn, Sql.of("SELECT id, flow_id, schedule::text AS schedule, is_schedule_active,"
                + " tags::text AS tags FROM deployment WHERE id = ?", id), r -> new DeploymentToSchedule(
                        r.getUUID("id"), r.getUUID("flow_id"), WorkPoolRepository.json(r.getString("schedule")),
                        Boolean.TRUE.equals(r.getBoolean("is_schedule_active")),
                        STRING_LIST.convertToEntityAttribute(r.getString("tags"))));
    }

    /** Inserts scheduled runs of a deployment; answers the ids of those inserted. */
    public Uni<List<UUID>> insertScheduledRuns(SqlClient conn, DeploymentToSchedule d, List<NewRun> runs,
            String tags, boolean autoScheduled, String policy, OffsetDateTime now) {
        int n = runs.size();
        UUID[] ids = new UUID[n];
        UUID[] stateIds = new UUID[n];
        String[] names = new String[n];
        String[] keys = new String[n];
        OffsetDateTime[] dates = new OffsetDateTime[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            NewRun r = runs.get(i);
            ids[i] = r.id();
            stateIds[i] = r.stateId();
            names[i] = r.name();
            keys[i] = r.idempotencyKey();
            dates[i] = r.at();
            details[i] = r.stateDetails();
        }
        return WorkPoolRepository.list(conn, Sql.of(INSERT_SCHEDULED, ids, stateIds, names, keys, dates, details, now,
                now, tags, autoScheduled, policy, now, d.id(), now, now, now), r -> r.getUUID(0));
    }

    /**
     * Deployments the main scheduler tops up: an active schedule, and fewer than {@code minRuns} future auto-scheduled
     * runs or none as far as {@code now + minTime}; a page of {@code batch} after {@code afterId}, by id.
     */
    public Uni<List<UUID>> deploymentsToSchedule(SqlClient conn, OffsetDateTime now, int minRuns,
            OffsetDateTime horizon, UUID afterId, int batch) {
        return WorkPoolRepository.list(conn, Sql.of("SELECT d.id FROM deployment d LEFT JOIN flow_run r"
                + " ON r.deployment_id = d.id AND r.state_type = 'SCHEDULED' AND r.next_scheduled_start_time >= ?"
                + " AND r.auto_scheduled IS TRUE"
                + " WHERE d.is_schedule_active IS TRUE AND d.schedule IS NOT NULL AND jsonb_typeof(d.schedule) = 'object'"
                + " AND (?::uuid IS NULL OR d.id > ?::uuid)"
                + " GROUP BY d.id HAVING count(r.next_scheduled_start_time) < ?"
                + " OR max(r.next_scheduled_start_time) < ? ORDER BY d.id LIMIT ?", now, afterId, afterId, minRuns,
                horizon, batch), r -> r.getUUID(0));
    }

    /** Deployments with an active schedule updated since {@code since} (the recent-deployments scheduler). */
    public Uni<List<UUID>> recentlyUpdatedDeployments(SqlClient conn, OffsetDateTime since, UUID afterId, int batch) {
        return WorkPoolRepository.list(conn, Sql.of("SELECT id FROM deployment WHERE is_schedule_active IS TRUE"
                + " AND schedule IS NOT NULL AND jsonb_typeof(schedule) = 'object' AND updated >= ?"
                + " AND (?::uuid IS NULL OR id > ?::uuid) ORDER BY id LIMIT ?", since, afterId, afterId, batch),
                r -> r.getUUID(0));
    }

    /** A run found for a worker, with the pool and queue it was found in. */
    public record PoolRun(UUID workPoolId, UUID workQueueId, FlowRunRow row) {
    }

    private static final StringListJson STRING_LIST = new StringListJson();

    /** A run {@code r} is in queue {@code q}. */
    private static final String IN_QUEUE = "(r.work_queue_id = q.id OR (r.work_queue_id IS NULL"
            + " AND r.work_queue_name = q.name))";

    /** Runs that hold a slot of a pool's or a queue's concurrency limit. */
    private static final String ACTIVE = "('RUNNING', 'PENDING')";

    /**
     * Prefect's worker poll: each unpaused queue of the unpaused pool contributes its earliest SCHEDULED runs, as
     * many as its free slots allow; the pool takes, queue priority first and then scheduled time, as many as its own
     * free slots allow. Runs being taken by another poll at the same moment are skipped (row locks).
     */
    private static final String POOL_RUNS = "WITH pool_free AS ("
            + " SELECT p.id, GREATEST(0, p.concurrency_limit - count(r.id)) AS slots FROM work_pool p"
            + " JOIN work_queue q ON q.work_pool_id = p.id"
            + " LEFT JOIN flow_run r ON r.work_queue_id = q.id AND r.state_type IN " + ACTIVE
            + " WHERE p.id = ? AND p.is_paused IS FALSE AND q.is_paused IS FALSE AND p.concurrency_limit IS NOT NULL"
            + " GROUP BY p.id),"
            + " queue_free AS ("
            + " SELECT q.id, GREATEST(0, q.concurrency_limit - count(r.id)) AS slots FROM work_queue q"
            + " LEFT JOIN flow_run r ON r.work_queue_id = q.id AND r.state_type IN " + ACTIVE
            + " WHERE q.work_pool_id = ? AND q.is_paused IS FALSE AND q.concurrency_limit IS NOT NULL"
            + " GROUP BY q.id),"
            + " picked AS ("
            + " SELECT p.id AS pool_id, taken.* FROM work_pool p LEFT JOIN pool_free ON pool_free.id = p.id"
            + " CROSS JOIN LATERAL ("
            + "  SELECT due.id AS run_id, due.next_scheduled_start_time AS due_at, q.id AS queue_id,"
            + "  q.priority AS queue_priority FROM work_queue q LEFT JOIN queue_free ON queue_free.id = q.id"
            + "  CROSS JOIN LATERAL ("
            + "   SELECT r.id, r.next_scheduled_start_time FROM flow_run r"
            + "   WHERE r.work_queue_id = q.id AND r.state_type = 'SCHEDULED'"
            + "   AND (?::timestamptz IS NULL OR r.next_scheduled_start_time <= ?::timestamptz)"
            + "   AND (?::timestamptz IS NULL OR r.next_scheduled_start_time >= ?::timestamptz)"
            + "   ORDER BY r.next_scheduled_start_time ASC LIMIT LEAST(?, queue_free.slots)"
            + "   FOR UPDATE OF r SKIP LOCKED) due"
            + "  WHERE q.work_pool_id = p.id AND q.is_paused IS FALSE"
            + "  AND (?::uuid[] IS NULL OR q.id = ANY(?::uuid[]))"
            + "  ORDER BY q.priority ASC, due.next_scheduled_start_time ASC LIMIT LEAST(?, pool_free.slots)) taken"
            + " WHERE p.id = ? AND p.is_paused IS FALSE"
            + " ORDER BY taken.queue_priority ASC, taken.due_at ASC LIMIT ?)"
            + " SELECT picked.pool_id AS picked_pool_id, picked.queue_id AS picked_queue_id, " + Rows.FLOW_RUN_COLUMNS
            + " FROM picked JOIN flow_run ON flow_run.id = picked.run_id " + Rows.FLOW_RUN_JOINS
            + " ORDER BY picked.queue_priority ASC, picked.due_at ASC";

    /**
     * Prefect's agent poll of one queue (without a legacy filter): its earliest SCHEDULED runs, as many as its free
     * slots allow (RUNNING, PENDING and CANCELLING runs hold one); nothing from a paused queue. A run is in the queue
     * by the queue's id, or, having no queue id, by its name (Prefect matches agents' runs by name alone).
     */
    private static final String QUEUE_RUNS = "WITH free AS ("
            + " SELECT q.id, GREATEST(0, q.concurrency_limit - count(r.id)) AS slots FROM work_queue q"
            + " LEFT JOIN flow_run r ON " + IN_QUEUE + " AND r.state_type IN ('RUNNING', 'PENDING', 'CANCELLING')"
            + " WHERE q.id = ? AND q.concurrency_limit IS NOT NULL GROUP BY q.id),"
            + " picked AS ("
            + " SELECT due.id, due.next_scheduled_start_time FROM work_queue q LEFT JOIN free ON free.id = q.id"
            + " CROSS JOIN LATERAL ("
            + "  SELECT r.id, r.next_scheduled_start_time FROM flow_run r"
            + "  WHERE " + IN_QUEUE + " AND r.state_type = 'SCHEDULED'"
            + "  AND (?::timestamptz IS NULL OR r.next_scheduled_start_time <= ?::timestamptz)"
            + "  ORDER BY r.next_scheduled_start_time ASC LIMIT LEAST(?, free.slots) FOR UPDATE OF r SKIP LOCKED) due"
            + " WHERE q.id = ? AND q.is_paused IS FALSE)"
            + " SELECT " + Rows.FLOW_RUN_COLUMNS + " FROM picked JOIN flow_run ON flow_run.id = picked.id "
            + Rows.FLOW_RUN_JOINS + " ORDER BY picked.next_scheduled_start_time ASC, flow_run.id ASC";

    /** The runs of a worker's poll; {@code queueIds} null or empty means every queue of the pool. */
    public Uni<List<PoolRun>> fromWorkPool(SqlClient conn, UUID poolId, List<UUID> queueIds, OffsetDateTime before,
            OffsetDateTime after, int limit) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] queues = queueIds == null || queueIds.isEmpty() ? null : queueIds.toArray(UUID[]::new);
        Sql sql = Sql.of(POOL_RUNS, poolId, poolId, before, before, after, after, limit, queues, queues, limit,
                poolId, limit);
        return WorkPoolRepository.list(conn, sql, r -> new PoolRun(r.getUUID("picked_pool_id"),
                r.getUUID("picked_queue_id"), Rows.flowRun(r)));
    }

    /** The runs of an agent's poll of one queue. */
    public Uni<List<FlowRunRow>> fromWorkQueue(SqlClient conn, UUID queueId, OffsetDateTime before, int limit) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return WorkPoolRepository.list(conn, Sql.of(QUEUE_RUNS, queueId, before, before, limit, queueId),
                Rows::flowRun);
    }

    /**
     * The runs of a deprecated tag-based queue (one with a {@code filter}): SCHEDULED runs of deployments carrying
     * all the filter's tags (and among its deployments, when it names some), as many as the queue's free slots
     * allow (PENDING and RUNNING runs matching the filter hold one); nothing from a paused queue.
     */
    public Uni<List<FlowRunRow>> fromLegacyQueue(SqlClient conn, QueueFilter filter, Integer concurrencyLimit,
            boolean paused, OffsetDateTime before, int limit) {
        if (limit == 0 || paused) {
            return Uni.createFrom().item(List.of());
        }
        Sql matches = Sql.of("flow_run.tags @> ?::text::jsonb AND flow_run.deployment_id IS NOT NULL",
                RunMapper.write(filter.tags() == null ? List.of() : filter.tags()));
        if (filter.deploymentIds() != null) {
            matches = matches.append(Sql.of(" AND flow_run.deployment_id = ANY(?::uuid[])",
                    (Object) filter.deploymentIds().toArray(UUID[]::new)));
        }
        Sql select = Sql.raw("SELECT " + Rows.FLOW_RUN_COLUMNS + " FROM flow_run " + Rows.FLOW_RUN_JOINS + " WHERE ")
                .append(matches).append(Sql.of(" AND flow_run.state_type = 'SCHEDULED'"
                        + " AND (?::timestamptz IS NULL OR flow_run.next_scheduled_start_time <= ?::timestamptz)"
                        + " ORDER BY flow_run.next_scheduled_start_time ASC, flow_run.id ASC LIMIT ", before, before));
        if (concurrencyLimit == null) {
            return WorkPoolRepository.list(conn, select.append(Sql.of("?", limit)), Rows::flowRun);
        }
        Sql active = Sql.raw("SELECT count(*) FROM flow_run WHERE ").append(matches)
                .append(" AND flow_run.state_type IN " + ACTIVE);
        return WorkPoolRepository.list(conn, active, r -> r.getLong(0)).chain(counts -> {
            long free = Math.max(0, concurrencyLimit - counts.get(0));
            return WorkPoolRepository.list(conn, select.append(Sql.of("?", (int) Math.min(limit, free))),
                    Rows::flowRun);
        });
    }

    /**
     * Marks queues of a pool polled: the named ones, or all when {@code names} is null or empty. A poll is not an
     * edit: {@code updated} stays.
     */
    public Uni<Void> recordPoolPolls(SqlClient conn, UUID poolId, List<String> names, OffsetDateTime now) {
        String[] only = names == null || names.isEmpty() ? null : names.toArray(String[]::new);
        // rows locked in id order, so concurrent polls of overlapping queues cannot deadlock
        return WorkPoolRepository.execute(conn, Sql.of("UPDATE work_queue SET last_polled = ?"
                + " WHERE id IN (SELECT id FROM work_queue WHERE work_pool_id = ?"
                + " AND (?::text[] IS NULL OR name = ANY(?::text[])) ORDER BY id FOR UPDATE)", now, poolId, only, only)).replaceWithVoid();
    }

    public Uni<Void> recordQueuePoll(SqlClient conn, UUID queueId, OffsetDateTime now) {
        return WorkPoolRepository.execute(conn, Sql.of("UPDATE work_queue SET last_polled = ? WHERE id = ?", now,
                queueId)).replaceWithVoid();
    }

    /** Runs of a queue in a state named Late. */
    public Uni<Long> lateRuns(SqlClient conn, UUID queueId) {
        return WorkPoolRepository.list(conn, Sql.of("SELECT count(*) FROM flow_run WHERE work_queue_id = ?"
                + " AND state_name = 'Late'", queueId), r -> r.getLong(0)).map(l -> l.get(0));
    }

    /** Marks deployments polled by a runner. */
    public Uni<Void> recordDeploymentPolls(SqlClient conn, List<UUID> deploymentIds, OffsetDateTime now) {
        if (deploymentIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return WorkPoolRepository.execute(conn, Sql.of("UPDATE deployment SET last_polled = ?"
                + " WHERE id IN (SELECT id FROM deployment WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE)", now,
                (Object) deploymentIds.toArray(UUID[]::new))).replaceWithVoid();
    }
}
