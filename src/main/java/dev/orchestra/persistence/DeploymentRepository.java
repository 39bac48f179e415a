package dev.orchestra.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.persistence.convert.StringListJson;
import dev.orchestra.persistence.query.DeploymentQuery;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.CreatedBy;
import dev.orchestra.schemas.Deployments;
import dev.orchestra.schemas.Deployments.Deployment;
import dev.orchestra.schemas.Deployments.DeploymentCreate;
import dev.orchestra.schemas.Deployments.UpdatedBy;
import dev.orchestra.schemas.sorting.DeploymentSort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL on {@code deployment}, run on the caller's connection. A deployment is read with the name and last poll of
 * its work queue and the name of that queue's pool, which the response shows.
 */
@ApplicationScoped
public class DeploymentRepository {

    static final String COLUMNS = "deployment.id, deployment.created, deployment.updated, deployment.name,"
            + " deployment.version, deployment.description, deployment.flow_id, deployment.schedule::text AS schedule,"
            + " deployment.is_schedule_active, deployment.infra_overrides::text AS infra_overrides,"
            + " deployment.parameters::text AS parameters, deployment.tags::text AS tags, deployment.work_queue_name,"
            + " deployment.last_polled, deployment.parameter_openapi_schema::text AS parameter_openapi_schema,"
            + " deployment.path, deployment.pull_steps::text AS pull_steps, deployment.entrypoint,"
            + " deployment.manifest_path, deployment.storage_document_id, deployment.infrastructure_document_id,"
            + " deployment.created_by::text AS created_by, deployment.updated_by::text AS updated_by,"
            + " deployment.enforce_parameter_schema, deployment.work_queue_id,"
            + " (SELECT work_queue.name FROM work_queue WHERE work_queue.id = deployment.work_queue_id) AS wq_name,"
            + " (SELECT work_queue.last_polled FROM work_queue WHERE work_queue.id = deployment.work_queue_id)"
            + " AS wq_last_polled,"
            + " (SELECT work_pool.name FROM work_queue JOIN work_pool ON work_pool.id = work_queue.work_pool_id"
            + " WHERE work_queue.id = deployment.work_queue_id) AS wp_name";

    private static final String UPSERT_COLUMNS = "name, flow_id, is_schedule_active, enforce_parameter_schema,"
            + " parameter_openapi_schema, parameters, tags, pull_steps, manifest_path, work_queue_name,"
            + " storage_document_id, infrastructure_document_id, schedule, description, path, version, entrypoint,"
            + " infra_overrides";

    private static final StringListJson STRING_LIST = new StringListJson();

    /**
     * A deployment row with what runs created from it take: its work queue's id and its own {@code work_queue_name}
     * column (the response shows the queue's name instead, when it has a queue).
     */
    public record Stored(Deployment deployment, UUID workQueueId, String workQueueNameColumn) {
    }

    public Uni<Stored> read(SqlClient conn, UUID id, OffsetDateTime now) {
        return WorkPoolRepository.one(conn, Sql.of("SELECT " + COLUMNS + " FROM deployment WHERE deployment.id = ?",
                id), r -> stored(r, now));
    }

    public Uni<Stored> readByName(SqlClient conn, String flowName, String name, OffsetDateTime now) {
        return WorkPoolRepository.one(conn, Sql.of("SELECT " + COLUMNS + " FROM deployment JOIN flow fl_ ON fl_.id ="
                + " deployment.flow_id WHERE fl_.name = ? AND deployment.name = ? LIMIT 1", flowName, name),
                r -> stored(r, now));
    }

    public Uni<List<Deployment>> filter(SqlClient conn, EntityFilters filters, DeploymentSort sort, int limit,
            int offset, OffsetDateTime now) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return WorkPoolRepository.list(conn, DeploymentQuery.select(COLUMNS, filters, sort, limit, offset),
                r -> deployment(r, now));
    }

    public Uni<Long> count(SqlClient conn, EntityFilters filters) {
        return WorkPoolRepository.list(conn, DeploymentQuery.count(filters), r -> r.getLong(0)).map(l -> l.get(0));
    }

    /** Whether a block document exists (a deployment's storage or infrastructure). */
    public Uni<Boolean> blockDocumentExists(SqlClient conn, UUID id) {
        return conn.preparedQuery("SELECT 1 FROM block_document WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() > 0);
    }

    /**
     * Prefect's upsert on (flow_id, name): a new deployment, or every field of the request written over the
     * existing one (the work queue only when the request resolved one). Answers the id and whether it was new (its
     * creation time is this call's, as Prefect tells).
     */
    public Uni<Upserted> upsert(SqlClient conn, DeploymentCreate d, JsonNode schedule, UUID workQueueId,
            OffsetDateTime now) {
        String columns = UPSERT_COLUMNS + (workQueueId == null ? "" : ", work_queue_id");
        StringBuilder set = new StringBuilder("updated = EXCLUDED.updated");
        for (String c : columns.split(",\\s*")) {
            if (!c.equals("name") && !c.equals("flow_id")) {
                set.append(", ").append(c).append(" = EXCLUDED.").append(c);
            }
        }
        String sql = "INSERT INTO deployment (id, created, updated, " + columns + ") VALUES ($1, $2, $2, $3, $4, $5,"
                + " $6, $7::text::jsonb, $8::text::jsonb, $9::text::jsonb, $10::text::jsonb, $11, $12, $13, $14,"
                + " $15::text::jsonb, $16, $17, $18, $19, $20::text::jsonb" + (workQueueId == null ? "" : ", $21")
                + ") ON CONFLICT (flow_id, name) DO UPDATE SET " + set + " RETURNING id, (created = $2) AS inserted";
        List<Object> params = new ArrayList<>(List.of(UUID.randomUUID(), now, d.name(), d.flowId(),
                d.isScheduleActive(), d.enforceParameterSchema()));
        params.add(json(d.parameterOpenapiSchema()));
        params.add(d.parameters().toString());
        params.add(RunMapper.write(d.tags()));
        params.add(json(d.pullSteps()));
        params.add(d.manifestPath());
        params.add(d.workQueueName());
        params.add(d.storageDocumentId());
        params.add(d.infrastructureDocumentId());
        params.add(json(schedule));
        params.add(d.description());
        params.add(d.path());
        params.add(d.version());
        params.add(d.entrypoint());
        params.add(d.infraOverrides().toString());
        if (workQueueId != null) {
            params.add(workQueueId);
        }
        return conn.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            Row r = rows.iterator().next();
            return new Upserted(r.getUUID("id"), Boolean.TRUE.equals(r.getBoolean("inserted")));
        });
    }

    /** The result of {@link #upsert}. */
    public record Upserted(UUID id, boolean isNew) {
    }

    /** Sets the given columns of a deployment; answers whether it exists. {@code sets} come from code. */
    public Uni<Boolean> update(SqlClient conn, UUID id, Sql sets) {
        return WorkPoolRepository.execute(conn, Sql.raw("UPDATE deployment SET ").append(sets)
                .append(Sql.of(" WHERE id = ?", id))).map(r -> r.rowCount() > 0);
    }

    /** Deletes the deployment's runs that are still SCHEDULED: all of them, or only those the scheduler made. */
    public Uni<Void> deleteScheduledRuns(SqlClient conn, UUID id, boolean autoScheduledOnly) {
        return conn.preparedQuery("DELETE FROM flow_run WHERE deployment_id = $1 AND state_type = 'SCHEDULED'"
                + (autoScheduledOnly ? " AND auto_scheduled IS TRUE" : "")).execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Boolean> delete(SqlClient conn, UUID id) {
        return conn.preparedQuery("DELETE FROM deployment WHERE id = $1").execute(Tuple.of(id))
                .map(r -> r.rowCount() > 0);
    }

    /** A JSON value for a nullable JSONB column: SQL NULL for an absent or null value. */
    static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    static Stored stored(Row r, OffsetDateTime now) {
        return new Stored(deployment(r, now), r.getUUID("work_queue_id"), r.getString("work_queue_name"));
    }

    static Deployment deployment(Row r, OffsetDateTime now) {
        String queueName = r.getString("wq_name");
        OffsetDateTime lastPolled = r.getOffsetDateTime("last_polled");
        boolean ready = WorkPoolRepository.recentlyPolled(lastPolled, now)
                || WorkPoolRepository.recentlyPolled(r.getOffsetDateTime("wq_last_polled"), now);
        String createdBy = r.getString("created_by");
        String updatedBy = r.getString("updated_by");
        return new Deployment(r.getUUID("id"), r.getOffsetDateTime("created"), r.getOffsetDateTime("updated"),
                r.getString("name"), r.getString("version"), r.getString("description"), r.getUUID("flow_id"),
                WorkPoolRepository.json(r.getString("schedule")), Boolean.TRUE.equals(r.getBoolean("is_schedule_active")),
                WorkPoolRepository.json(r.getString("infra_overrides")),
                WorkPoolRepository.json(r.getString("parameters")),
                STRING_LIST.convertToEntityAttribute(r.getString("tags")),
                queueName != null ? queueName : r.getString("work_queue_name"), lastPolled,
                WorkPoolRepository.json(r.getString("parameter_openapi_schema")), r.getString("path"),
                WorkPoolRepository.json(r.getString("pull_steps")), r.getString("entrypoint"),
                r.getString("manifest_path"), r.getUUID("storage_document_id"),
                r.getUUID("infrastructure_document_id"),
                createdBy == null ? null : RunMapper.read(createdBy, CreatedBy.class),
                updatedBy == null ? null : RunMapper.read(updatedBy, UpdatedBy.class), r.getString("wp_name"),
                ready ? Deployments.READY : Deployments.NOT_READY,
                Boolean.TRUE.equals(r.getBoolean("enforce_parameter_schema")));
    }
}
