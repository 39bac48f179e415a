package dev.orchestra.persistence;

import dev.orchestra.orchestration.ParentFlowRun;
import dev.orchestra.persistence.Rows.TaskRunRow;
import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.persistence.entity.TaskRunStateEntity;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.persistence.query.Keyset;
import dev.orchestra.persistence.query.RunCounts;
import dev.orchestra.persistence.query.TaskRunQuery;
import dev.orchestra.schemas.sorting.TaskRunSort;
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

/** SQL on {@code task_run} and {@code task_run_state}; see {@link FlowRunRepository} for the conventions. */
@ApplicationScoped
public class TaskRunRepository {

    private static final String SELECT = "SELECT " + Rows.TASK_RUN_COLUMNS + " FROM task_run " + Rows.TASK_RUN_JOINS;

    /** Built once: the statement cache looks SQL up by its text, and a constant string keeps its hash. */
    private static final String BY_ID = SELECT + " WHERE task_run.id = $1";

    private static final String LOCK_BY_ID = BY_ID + " FOR UPDATE OF task_run";

    private static final String LOCK_WITH_FLOW_RUN = "SELECT " + Rows.TASK_RUN_COLUMNS + ", "
            + Rows.PARENT_FLOW_RUN_COLUMNS + " FROM task_run " + Rows.TASK_RUN_JOINS + " " + Rows.PARENT_FLOW_RUN_JOINS
            + " WHERE task_run.id = $1 FOR UPDATE OF task_run";

    /** A task run locked for a transition, with its flow run as task-run rules read it (null if none). */
    public record LockedTaskRun(TaskRunRow row, ParentFlowRun flowRun) {
    }

    private static final String INSERT = "INSERT INTO task_run (id, created, updated, name, flow_run_id, task_key,"
            + " dynamic_key, cache_key, cache_expiration, task_version, empirical_policy, tags, task_inputs,"
            + " run_count, flow_run_run_count, total_run_time)"
            + " VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11::text::jsonb,"
            + " $12::text::jsonb, 0, 0, '0')";

    private static final String COMMIT_STATE = "WITH s AS (INSERT INTO task_run_state (id, created, updated,"
            + " task_run_id, type, timestamp, name, message, state_details, data)"
            + " VALUES ($1, $2, $2, $3, $4::text::state_type, $5, $6, $7, $8::text::jsonb, $9::text::json))"
            + " UPDATE task_run SET state_id = $1, state_type = $4::text::state_type, state_name = $6,"
            + " state_timestamp = $5, updated = $2, run_count = $10, start_time = $11, end_time = $12,"
            + " total_run_time = make_interval(secs => $13), expected_start_time = $14,"
            + " next_scheduled_start_time = $15, flow_run_run_count = $16 WHERE id = $3";

    private final Pool pool;
    private final NativeQueries queries;

    public TaskRunRepository(Pool pool, NativeQueries queries) {
        this.pool = pool;
        this.queries = queries;
    }

    public Uni<TaskRunRow> read(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(TaskRunRepository::one);
    }

    public Uni<TaskRunRow> read(SqlClient conn, UUID id) {
        return conn.preparedQuery(BY_ID).execute(Tuple.of(id)).map(TaskRunRepository::one);
    }

    public Uni<TaskRunRow> lock(SqlClient conn, UUID id) {
        return conn.preparedQuery(LOCK_BY_ID).execute(Tuple.of(id))
                .map(TaskRunRepository::one)
                .chain(row -> row == null || Rows.stateIsCurrent(row.run().stateId, row.state())
                        ? Uni.createFrom().item(row) : read(conn, id));
    }

    /**
     * As {@link #lock}, and the task's flow run read in the same statement: the rules of a task's transition to
     * RUNNING need it, and this saves them a round trip (the flow run row is read, not locked, as Prefect
     * reads it).
     */
    public Uni<LockedTaskRun> lockWithFlowRun(SqlClient conn, UUID id) {
        return conn.preparedQuery(LOCK_WITH_FLOW_RUN).execute(Tuple.of(id)).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row row = it.next();
            return new LockedTaskRun(Rows.taskRun(row), Rows.parentFlowRun(row));
        }).chain(locked -> locked == null || Rows.stateIsCurrent(locked.row().run().stateId, locked.row().state())
                ? Uni.createFrom().item(locked)
                // waited for a concurrent writer: its state is committed now, read the run again (see lock)
                : read(conn, id).map(row -> new LockedTaskRun(row, locked.flowRun())));
    }

    public Uni<List<TaskRunRow>> filter(EntityFilters filters, TaskRunSort sort, int limit, int offset) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return queries.list(TaskRunQuery.select(Rows.TASK_RUN_COLUMNS, Rows.TASK_RUN_JOINS, filters, sort, limit,
                offset), Rows::taskRun);
    }

    /** Every task run of a flow run, newest id first (the dependency graph reads them all). */
    public Uni<List<TaskRunRow>> ofFlowRun(UUID flowRunId) {
        return pool.preparedQuery(SELECT + " WHERE task_run.flow_run_id = $1 ORDER BY task_run.id DESC")
                .execute(Tuple.of(flowRunId)).map(rows -> {
                    List<TaskRunRow> out = new java.util.ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(Rows.taskRun(r)));
                    return out;
                });
    }

    /**
     * A page in the total order of {@code key} then id: after {@code after} when given (an index range however
     * deep the page), else past {@code offset} rows.
     */
    public Uni<List<Rows.Keyed<TaskRunRow>>> page(EntityFilters filters, Keyset.Key key, Keyset.After after,
            int limit, long offset) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return queries.list(Keyset.page(TaskRunQuery.ALIAS, Rows.TASK_RUN_COLUMNS, Rows.TASK_RUN_JOINS,
                TaskRunQuery.where(filters), key, after, limit, offset),
                row -> new Rows.Keyed<>(Rows.taskRun(row), row.getString("page_key")));
    }

    /** The number of matching runs, from the run counts when they can answer the filters (see {@link RunCounts}). */
    public Uni<Long> count(EntityFilters filters) {
        return queries.count(RunCounts.answersTaskRuns(filters)
                ? RunCounts.count(TaskRunQuery.ALIAS, TaskRunQuery.where(filters)) : TaskRunQuery.count(filters));
    }

    /**
     * Inserts a task run unless one with its flow run, task key and dynamic key exists; answers the id of
     * the run that holds the key. Without a flow run the unique index does not apply (NULLs differ), so the
     * existing run is looked up first, as Prefect does in application code.
     */
    public Uni<UUID> insert(SqlClient conn, TaskRunEntity run) {
        Tuple params = Tuple.tuple(List.of(run.id, run.created, run.name)).addValue(run.flowRunId)
                .addValue(run.taskKey).addValue(run.dynamicKey).addValue(run.cacheKey).addValue(run.cacheExpiration)
                .addValue(run.taskVersion).addValue(run.empiricalPolicy).addValue(JsonColumns.write(run.tags))
                .addValue(run.taskInputs);
        if (run.flowRunId == null) {
            return conn.preparedQuery("SELECT id FROM task_run WHERE flow_run_id IS NULL AND task_key = $1"
                    + " AND dynamic_key = $2 LIMIT 1").execute(Tuple.of(run.taskKey, run.dynamicKey))
                    .chain(found -> found.iterator().hasNext()
                            ? Uni.createFrom().item(found.iterator().next().getUUID("id"))
                            : conn.preparedQuery(INSERT).execute(params).replaceWith(run.id));
        }
        return conn.preparedQuery(INSERT + " ON CONFLICT (flow_run_id, task_key, dynamic_key) DO NOTHING")
                .execute(params)
                .chain(rows -> rows.rowCount() > 0 ? Uni.createFrom().item(run.id)
                        : conn.preparedQuery("SELECT id FROM task_run WHERE flow_run_id = $1 AND task_key = $2"
                                + " AND dynamic_key = $3")
                                .execute(Tuple.of(run.flowRunId, run.taskKey, run.dynamicKey))
                                .map(r -> r.iterator().next().getUUID("id")));
    }

    public Uni<Void> commitState(SqlClient conn, TaskRunEntity run, TaskRunStateEntity state, OffsetDateTime now) {
        Tuple params = Tuple.tuple(List.of(state.id, now, run.id, state.type.name(), state.timestamp))
                .addValue(state.name).addValue(state.message).addValue(state.stateDetails).addValue(state.data)
                .addValue(run.runCount).addValue(run.startTime).addValue(run.endTime).addValue(run.totalRunTime)
                .addValue(run.expectedStartTime).addValue(run.nextScheduledStartTime).addValue(run.flowRunRunCount);
        return conn.preparedQuery(COMMIT_STATE).execute(params).invoke(() -> {
            run.stateId = state.id;
            run.updated = now;
        }).replaceWithVoid();
    }

    public Uni<Boolean> update(UUID id, Sql sets) {
        var q = Sql.raw("UPDATE task_run SET ").append(sets).append(Sql.of(" WHERE id = ?", id)).render();
        return pool.preparedQuery(q.sql()).execute(Tuple.from(q.params())).map(r -> r.rowCount() > 0);
    }

    /** Deletes a task run in the caller's transaction; answers whether it existed. */
    public Uni<Boolean> delete(SqlClient conn, UUID id) {
        return conn.preparedQuery("DELETE FROM task_run WHERE id = $1").execute(Tuple.of(id))
                .map(r -> r.rowCount() > 0);
    }

    /**
     * Deletes the task runs of a flow run (what deleting the flow run would cascade to), answering their ids, so
     * that the slots they hold can be released.
     */
    public Uni<List<UUID>> deleteOfFlowRun(SqlClient conn, UUID flowRunId) {
        return conn.preparedQuery("DELETE FROM task_run WHERE flow_run_id = $1 RETURNING id")
                .execute(Tuple.of(flowRunId)).map(rows -> {
                    List<UUID> ids = new java.util.ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    return ids;
                });
    }

    private static TaskRunRow one(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Rows.taskRun(it.next()) : null;
    }
}
