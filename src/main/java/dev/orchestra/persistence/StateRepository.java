package dev.orchestra.persistence;

import dev.orchestra.persistence.entity.FlowRunStateEntity;
import dev.orchestra.persistence.entity.StateEntity;
import dev.orchestra.persistence.entity.TaskRunStateEntity;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Reads of {@code flow_run_state} and {@code task_run_state}: one state by id, or a run's history in time order. */
@ApplicationScoped
public class StateRepository {

    private static final String COLUMNS = "id, created, updated, type::text AS type, timestamp, name, message,"
            + " state_details::text AS state_details, data::text AS data";

    private final Pool pool;

    public StateRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<FlowRunStateEntity> flowRunState(UUID id) {
        return one("SELECT " + COLUMNS + ", flow_run_id FROM flow_run_state WHERE id = $1", id, FlowRunStateEntity::new);
    }

    public Uni<TaskRunStateEntity> taskRunState(UUID id) {
        return one("SELECT " + COLUMNS + ", task_run_id FROM task_run_state WHERE id = $1", id, TaskRunStateEntity::new);
    }

    public Uni<List<FlowRunStateEntity>> flowRunStates(UUID flowRunId) {
        return all("SELECT " + COLUMNS + ", flow_run_id FROM flow_run_state WHERE flow_run_id = $1 ORDER BY timestamp",
                flowRunId, FlowRunStateEntity::new);
    }

    public Uni<List<TaskRunStateEntity>> taskRunStates(UUID taskRunId) {
        return all("SELECT " + COLUMNS + ", task_run_id FROM task_run_state WHERE task_run_id = $1 ORDER BY timestamp",
                taskRunId, TaskRunStateEntity::new);
    }

    private <S extends StateEntity> Uni<S> one(String sql, UUID id, Supplier<S> factory) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? map(it.next(), factory.get()) : null;
        });
    }

    private <S extends StateEntity> Uni<List<S>> all(String sql, UUID id, Supplier<S> factory) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
            List<S> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(map(r, factory.get())));
            return out;
        });
    }

    static <S extends StateEntity> S map(Row row, S s) {
        s.id = row.getUUID("id");
        s.created = row.getOffsetDateTime("created");
        s.updated = row.getOffsetDateTime("updated");
        s.type = StateType.valueOf(row.getString("type"));
        s.timestamp = row.getOffsetDateTime("timestamp");
        s.name = row.getString("name");
        s.message = row.getString("message");
        s.stateDetails = row.getString("state_details");
        s.data = row.getString("data");
        if (s instanceof FlowRunStateEntity f) {
            f.flowRunId = row.getUUID("flow_run_id");
        } else if (s instanceof TaskRunStateEntity t) {
            t.taskRunId = row.getUUID("task_run_id");
        }
        return s;
    }
}
