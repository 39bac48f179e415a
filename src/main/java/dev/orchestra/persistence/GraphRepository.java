package dev.orchestra.persistence;

import dev.orchestra.schemas.Graph;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The nodes of a flow run's graph: its started (non-PENDING) task runs, each replaced by the subflow run it
 * tracks when there is one, linked to the task runs whose results they took as inputs.
 */
@ApplicationScoped
public class GraphRepository {

    /** One row per (node, upstream task run) pair, then folded into nodes with their parents and children. */
    private static final String NODES = """
            WITH node_inputs AS (
                SELECT CASE WHEN sub.id IS NULL THEN 'task-run' ELSE 'flow-run' END AS kind,
                       coalesce(sub.id, t.id) AS id,
                       coalesce(f.name || ' / ' || sub.name, t.name) AS label,
                       coalesce(sub.state_type, t.state_type) AS state_type,
                       coalesce(sub.start_time, sub.expected_start_time, t.start_time, t.expected_start_time)
                           AS start_time,
                       coalesce(sub.end_time, t.end_time,
                                CASE WHEN t.state_type = 'COMPLETED' THEN t.expected_start_time END) AS end_time,
                       (arg.value->>'id')::uuid AS upstream
                FROM task_run t
                LEFT JOIN LATERAL jsonb_each(t.task_inputs) AS inp ON true
                LEFT JOIN LATERAL jsonb_array_elements(inp.value) AS arg ON true
                LEFT JOIN flow_run sub ON sub.parent_task_run_id = t.id
                LEFT JOIN flow f ON f.id = sub.flow_id
                WHERE t.flow_run_id = $1 AND t.state_type <> 'PENDING'
                  AND coalesce(sub.start_time, sub.expected_start_time, t.start_time, t.expected_start_time)
                      IS NOT NULL
            ),
            nodes AS (
                SELECT DISTINCT ON (id) kind, id, label, state_type, start_time, end_time FROM node_inputs
            ),
            parents AS (
                SELECT c.id, array_agg(p.id ORDER BY p.start_time) AS ordered
                FROM node_inputs c JOIN nodes p ON p.id = c.upstream GROUP BY c.id
            ),
            children AS (
                SELECT p.id, array_agg(c.id ORDER BY c.start_time) AS ordered
                FROM nodes p JOIN node_inputs c ON c.upstream = p.id GROUP BY p.id
            )
            SELECT n.kind, n.id, n.label, n.state_type::text AS state_type, n.start_time, n.end_time,
                   parents.ordered AS parent_ids, children.ordered AS child_ids
            FROM nodes n
            LEFT JOIN parents ON parents.id = n.id
            LEFT JOIN children ON children.id = n.id
            WHERE n.end_time IS NULL OR n.end_time >= $2
            ORDER BY n.start_time, n.end_time
            LIMIT $3
            """;

    private final Pool pool;

    public GraphRepository(Pool pool) {
        this.pool = pool;
    }

    /** The run's start (or expected start) and end time; null when the run does not exist. */
    public Uni<OffsetDateTime[]> runTimes(UUID flowRunId) {
        return pool.preparedQuery("SELECT coalesce(start_time, expected_start_time) AS start_time, end_time"
                + " FROM flow_run WHERE id = $1").execute(Tuple.of(flowRunId)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new OffsetDateTime[] {row.getOffsetDateTime("start_time"), row.getOffsetDateTime("end_time")};
                });
    }

    /** Up to {@code limit} nodes that ended at or after {@code since} (or have not ended). */
    public Uni<List<Graph.Node>> nodes(UUID flowRunId, OffsetDateTime since, int limit) {
        return pool.preparedQuery(NODES).execute(Tuple.of(flowRunId, since, limit)).map(rows -> {
            List<Graph.Node> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new Graph.Node(row.getString("kind"), row.getUUID("id"), row.getString("label"),
                        StateType.valueOf(row.getString("state_type")), row.getOffsetDateTime("start_time"),
                        row.getOffsetDateTime("end_time"), edges(row.getArrayOfUUIDs("parent_ids")),
                        edges(row.getArrayOfUUIDs("child_ids"))));
            }
            return out;
        });
    }

    private static List<Graph.Edge> edges(UUID[] ids) {
        List<Graph.Edge> out = new ArrayList<>();
        if (ids != null) {
            for (UUID id : ids) {
                out.add(new Graph.Edge(id));
            }
        }
        return out;
    }
}
