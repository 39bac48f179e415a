package dev.orchestra.persistence;

import dev.orchestra.persistence.Rows.FlowRunRow;
import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.persistence.entity.FlowRunStateEntity;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowRunQuery;
import dev.orchestra.persistence.query.Keyset;
import dev.orchestra.persistence.query.RunCounts;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.sorting.FlowRunSort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * SQL on {@code flow_run} and {@code flow_run_state}, run on the reactive client. Methods that take a
 * {@link SqlClient} run on the caller's connection (inside its transaction); the others on the pool.
 * Orchestration needs two round trips here: {@link #lock} and {@link #commitState}.
 */
@ApplicationScoped
public class FlowRunRepository {

    private static final String SELECT = "SELECT " + Rows.FLOW_RUN_COLUMNS + " FROM flow_run " + Rows.FLOW_RUN_JOINS;

    /** Built once: the statement cache looks SQL up by its text, and a constant string keeps its hash. */
    private static final String BY_ID = SELECT + " WHERE flow_run.id = $1";

    private static final String LOCK_BY_ID = BY_ID + " FOR UPDATE OF flow_run";

    private static final String INSERT = "INSERT INTO flow_run (id, created, updated, name, flow_id, deployment_id,"
            + " flow_version, parameters, idempotency_key, context, empirical_policy, tags, parent_task_run_id,"
            + " infrastructure_document_id, run_count, total_run_time, auto_scheduled, work_queue_name, work_queue_id)"
            + " VALUES ($1, $2, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9::text::jsonb, $10::text::jsonb,"
            + " $11::text::jsonb, $12, $13, 0, '0', false, $14, $15)";

    /**
     * One round trip for the validated state: insert it and point the run at it, with every run column the
     * orchestration may have changed.
     */
    private static final String COMMIT_STATE = "WITH s AS (INSERT INTO flow_run_state (id, created, updated,"
            + " flow_run_id, type, timestamp, name, message, state_details, data)"
            + " VALUES ($1, $2, $2, $3, $4::text::state_type, $5, $6, $7, $8::text::jsonb, $9::text::json))"
            + " UPDATE flow_run SET state_id = $1, state_type = $4::text::state_type, state_name = $6,"
            + " state_timestamp = $5, updated = $2, run_count = $10, start_time = $11, end_time = $12,"
            + " total_run_time = make_interval(secs => $13), expected_start_time = $14,"
            + " next_scheduled_start_time = $15, empirical_policy = $16::text::jsonb WHERE id = $3";

    private final Pool pool;
    private final NativeQueries queries;

    public FlowRunRepository(Pool pool, NativeQueries queries) {
        this.pool = pool;
        this.queries = queries;
    }

    public Uni<FlowRunRow> read(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(FlowRunRepository::one);
    }

    public Uni<FlowRunRow> read(SqlClient conn, UUID id) {
        return conn.preparedQuery(BY_ID).execute(Tuple.of(id)).map(FlowRunRepository::one);
    }

    /** The run and its current state, the run row locked until the transaction ends. */
    public Uni<FlowRunRow> lock(SqlClient conn, UUID id) {
        return conn.preparedQuery(LOCK_BY_ID).execute(Tuple.of(id))
                .map(FlowRunRepository::one)
                .chain(row -> row == null || Rows.stateIsCurrent(row.run().stateId, row.state())
                        ? Uni.createFrom().item(row) : read(conn, id));
    }

    public Uni<List<FlowRunRow>> filter(EntityFilters filters, FlowRunSort sort, int limit, int offset) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return queries.list(FlowRunQuery.select(Rows.FLOW_RUN_COLUMNS, Rows.FLOW_RUN_JOINS, filters, sort, limit,
                offset), Rows::flowRun);
    }

    /**
     * A page in the total order of {@code key} then id: after {@code after} when given (an index range however
     * deep the page), else past {@code offset} rows.
     */
    public Uni<List<Rows.Keyed<FlowRunRow>>> page(EntityFilters filters, Keyset.Key key, Keyset.After after,
            int limit, long offset) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return queries.list(Keyset.page(FlowRunQuery.ALIAS, Rows.FLOW_RUN_COLUMNS, Rows.FLOW_RUN_JOINS,
                FlowRunQuery.where(filters), key, after, limit, offset),
                row -> new Rows.Keyed<>(Rows.flowRun(row), row.getString("page_key")));
    }

    /** The number of matching runs, from the run counts when they can answer the filters (see {@link RunCounts}). */
    public Uni<Long> count(EntityFilters filters) {
        return queries.count(RunCounts.answersFlowRuns(filters)
                ? RunCounts.count(FlowRunQuery.ALIAS, FlowRunQuery.where(filters)) : FlowRunQuery.count(filters));
    }

    /**
     * Inserts a run unless one with its flow and idempotency key exists; answers the id of the run that
     * holds the key (the new one, or the existing one).
     */
    public Uni<UUID> insert(SqlClient conn, FlowRunEntity run) {
        Tuple params = Tuple.tuple(List.of(run.id, run.created, run.name, run.flowId)).addValue(run.deploymentId)
                .addValue(run.flowVersion).addValue(run.parameters).addValue(run.idempotencyKey)
                .addValue(run.context).addValue(run.empiricalPolicy)
                .addValue(dev.orchestra.persistence.convert.JsonColumns.write(run.tags))
                .addValue(run.parentTaskRunId).addValue(run.infrastructureDocumentId).addValue(run.workQueueName)
                .addValue(run.workQueueId);
        if (run.idempotencyKey == null) {
            return conn.preparedQuery(INSERT).execute(params).replaceWith(run.id);
        }
        return conn.preparedQuery(INSERT + " ON CONFLICT (flow_id, idempotency_key) DO NOTHING").execute(params)
                .chain(rows -> rows.rowCount() > 0 ? Uni.createFrom().item(run.id)
                        : conn.preparedQuery("SELECT id FROM flow_run WHERE flow_id = $1 AND idempotency_key = $2")
                                .execute(Tuple.of(run.flowId, run.idempotencyKey))
                                .map(r -> r.iterator().next().getUUID("id")));
    }

    public Uni<Void> commitState(SqlClient conn, FlowRunEntity run, FlowRunStateEntity state, OffsetDateTime now) {
        Tuple params = Tuple.tuple(List.of(state.id, now, run.id, state.type.name(), state.timestamp))
                .addValue(state.name).addValue(state.message).addValue(state.stateDetails).addValue(state.data)
                .addValue(run.runCount).addValue(run.startTime).addValue(run.endTime).addValue(run.totalRunTime)
                .addValue(run.expectedStartTime).addValue(run.nextScheduledStartTime).addValue(run.empiricalPolicy);
        return conn.preparedQuery(COMMIT_STATE).execute(params).invoke(() -> {
            run.stateId = state.id;
            run.updated = now;
        }).replaceWithVoid();
    }

    /** Updates the given columns of a run; answers whether it exists. {@code sets} come from code. */
    public Uni<Boolean> update(UUID id, Sql sets) {
        Sql sql = Sql.raw("UPDATE flow_run SET ").append(sets).append(Sql.of(" WHERE id = ?", id));
        var q = sql.render();
        return pool.preparedQuery(q.sql()).execute(Tuple.from(q.params())).map(r -> r.rowCount() > 0);
    }

    /** Deletes a flow run in the caller's transaction; answers whether it existed. */
    public Uni<Boolean> delete(SqlClient conn, UUID id) {
        return conn.preparedQuery("DELETE FROM flow_run WHERE id = $1").execute(Tuple.of(id))
                .map(r -> r.rowCount() > 0);
    }

    private static FlowRunRow one(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Rows.flowRun(it.next()) : null;
    }
}
