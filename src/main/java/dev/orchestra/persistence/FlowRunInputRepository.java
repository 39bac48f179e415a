package dev.orchestra.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.orchestra.persistence.entity.FlowRunInputEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code flow_run_input}: keyed values sent to a flow run (pause input, its schema, messages). */
@ApplicationScoped
public class FlowRunInputRepository {

    private static final String COLUMNS = "id, created, updated, flow_run_id, key, value, sender";

    private final Pool pool;

    public FlowRunInputRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient conn, UUID flowRunId, String key, String value, String sender,
            OffsetDateTime now) {
        return conn.preparedQuery("INSERT INTO flow_run_input (id, created, updated, flow_run_id, key, value, sender)"
                + " VALUES ($1, $2, $2, $3, $4, $5, $6)")
                .execute(Tuple.tuple(List.of(UUID.randomUUID(), now, flowRunId, key, value)).addValue(sender))
                .replaceWithVoid();
    }

    public Uni<Void> insert(UUID flowRunId, String key, String value, String sender, OffsetDateTime now) {
        return pool.withConnection(conn -> insert(conn, flowRunId, key, value, sender, now));
    }

    public Uni<FlowRunInputEntity> read(UUID flowRunId, String key) {
        return read(pool, flowRunId, key);
    }

    private static Uni<FlowRunInputEntity> read(SqlClient client, UUID flowRunId, String key) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM flow_run_input WHERE flow_run_id = $1 AND key = $2")
                .execute(Tuple.of(flowRunId, key)).map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? map(it.next()) : null;
                });
    }

    /** Inputs whose key starts with the prefix (taken literally), oldest first, except the excluded keys. */
    public Uni<List<FlowRunInputEntity>> filter(UUID flowRunId, String prefix, int limit, List<String> excludeKeys) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM flow_run_input WHERE flow_run_id = $1"
                + " AND left(key, length($2)) = $2 AND NOT (key = ANY($3)) ORDER BY created LIMIT $4")
                .execute(Tuple.of(flowRunId, prefix, excludeKeys.toArray(new String[0]), limit)).map(rows -> {
                    List<FlowRunInputEntity> out = new ArrayList<>();
                    rows.forEach(r -> out.add(map(r)));
                    return out;
                });
    }

    public Uni<Boolean> delete(UUID flowRunId, String key) {
        return pool.preparedQuery("DELETE FROM flow_run_input WHERE flow_run_id = $1 AND key = $2")
                .execute(Tuple.of(flowRunId, key)).map(r -> r.rowCount() > 0);
    }

    /**
     * Checks run input against the JSON schema stored under {@code schemaKey}: null when it is valid, else
     * the reason to reject the resume, as Prefect words it.
     */
    public Uni<String> checkInput(SqlClient conn, UUID flowRunId, String schemaKey, JsonNode input) {
        return read(conn, flowRunId, schemaKey).map(stored -> {
            if (stored == null) {
                return "Run input schema not found.";
            }
            JsonNode schemaNode;
            try {
                schemaNode = RunMapper.JSON.readTree(stored.value);
            } catch (Exception e) {
                return "Run input schema is not valid JSON.";
            }
            try {
                JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(schemaNode);
                Set<ValidationMessage> errors = schema.validate(input);
                return errors.isEmpty() ? null
                        : "Run input validation failed: " + errors.iterator().next().getMessage();
            } catch (RuntimeException e) {
                return "Run input validation failed: " + e.getMessage();
            }
        });
    }

    private static FlowRunInputEntity map(Row row) {
        FlowRunInputEntity e = new FlowRunInputEntity();
        e.id = row.getUUID("id");
        e.created = row.getOffsetDateTime("created");
        e.updated = row.getOffsetDateTime("updated");
        e.flowRunId = row.getUUID("flow_run_id");
        e.key = row.getString("key");
        e.value = row.getString("value");
        e.sender = row.getString("sender");
        return e;
    }
}
