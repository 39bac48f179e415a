package dev.orchestra.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.schemas.Blocks.BlockSchema;
import dev.orchestra.schemas.Blocks.BlockType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** {@code block_type}, {@code block_schema} and {@code block_document}. */
@ApplicationScoped
public class BlockRepository {

    static final String TYPE_COLUMNS = "t.id AS t_id, t.created AS t_created, t.updated AS t_updated,"
            + " t.name AS t_name, t.slug AS t_slug, t.logo_url AS t_logo_url,"
            + " t.documentation_url AS t_documentation_url, t.description AS t_description,"
            + " t.code_example AS t_code_example, t.is_protected AS t_is_protected";
    static final String SCHEMA_COLUMNS = "s.id AS s_id, s.created AS s_created, s.updated AS s_updated,"
            + " s.checksum AS s_checksum, s.fields::text AS s_fields, s.block_type_id AS s_block_type_id,"
            + " s.capabilities::text AS s_capabilities, s.version AS s_version";

    /** A block document row with its schema and type. */
    public record DocumentRow(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, JsonNode data,
            boolean anonymous, String blockTypeName, BlockSchema schema) {
    }

    private final Pool pool;

    public BlockRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<BlockType> typeBySlug(String slug) {
        return one("SELECT " + TYPE_COLUMNS + " FROM block_type t WHERE t.slug = $1", Tuple.of(slug),
                BlockRepository::type);
    }

    public Uni<BlockType> type(UUID id) {
        return one("SELECT " + TYPE_COLUMNS + " FROM block_type t WHERE t.id = $1", Tuple.of(id), BlockRepository::type);
    }

    /** Inserts a block type; answers false when the slug or name is taken. */
    public Uni<Boolean> insertType(UUID id, OffsetDateTime now, String name, String slug, String logoUrl,
            String documentationUrl, String description, String codeExample) {
        return pool.preparedQuery("INSERT INTO block_type (id, created, updated, name, slug, logo_url,"
                + " documentation_url, description, code_example, is_protected) VALUES ($1, $2, $2, $3, $4, $5, $6,"
                + " $7, $8, false) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple(List.of(id, now, name, slug)).addValue(logoUrl).addValue(documentationUrl)
                        .addValue(description).addValue(codeExample))
                .map(r -> r.rowCount() > 0);
    }

    public Uni<BlockSchema> schemaByChecksum(String checksum, String version) {
        String sql = "SELECT " + SCHEMA_COLUMNS + ", " + TYPE_COLUMNS + " FROM block_schema s JOIN block_type t"
                + " ON t.id = s.block_type_id WHERE s.checksum = $1";
        return version == null
                ? one(sql + " ORDER BY s.created DESC LIMIT 1", Tuple.of(checksum), BlockRepository::schema)
                : one(sql + " AND s.version = $2", Tuple.of(checksum, version), BlockRepository::schema);
    }

    public Uni<BlockSchema> schema(UUID id) {
        return one("SELECT " + SCHEMA_COLUMNS + ", " + TYPE_COLUMNS + " FROM block_schema s JOIN block_type t"
                + " ON t.id = s.block_type_id WHERE s.id = $1", Tuple.of(id), BlockRepository::schema);
    }

    public Uni<Void> insertSchema(UUID id, OffsetDateTime now, String checksum, JsonNode fields, UUID blockTypeId,
            List<String> capabilities, String version) {
        return pool.preparedQuery("INSERT INTO block_schema (id, created, updated, checksum, fields, block_type_id,"
                + " capabilities, version) VALUES ($1, $2, $2, $3, $4::text::jsonb, $5, $6::text::jsonb, $7)")
                .execute(Tuple.tuple(List.of(id, now, checksum, RunMapper.write(fields), blockTypeId,
                        RunMapper.write(capabilities), version)))
                .replaceWithVoid();
    }

    public Uni<Void> insertDocument(UUID id, OffsetDateTime now, String name, JsonNode data, UUID schemaId,
            UUID typeId, String typeName, boolean anonymous) {
        return pool.preparedQuery("INSERT INTO block_document (id, created, updated, name, data, block_schema_id,"
                + " block_type_id, block_type_name, is_anonymous) VALUES ($1, $2, $2, $3, $4::text::jsonb, $5, $6,"
                + " $7, $8)")
                .execute(Tuple.tuple(List.of(id, now, name, RunMapper.write(data), schemaId, typeId, typeName,
                        anonymous)))
                .replaceWithVoid();
    }

    public Uni<DocumentRow> document(UUID id) {
        return one("SELECT d.id, d.created, d.updated, d.name, d.data::text AS data, d.is_anonymous,"
                + " d.block_type_name, " + SCHEMA_COLUMNS + ", " + TYPE_COLUMNS + " FROM block_document d"
                + " JOIN block_schema s ON s.id = d.block_schema_id JOIN block_type t ON t.id = d.block_type_id"
                + " WHERE d.id = $1", Tuple.of(id), row -> new DocumentRow(row.getUUID("id"),
                        row.getOffsetDateTime("created"), row.getOffsetDateTime("updated"), row.getString("name"),
                        RunMapper.tree(row.getString("data")), Boolean.TRUE.equals(row.getBoolean("is_anonymous")),
                        row.getString("block_type_name"), schema(row)));
    }

    private <T> Uni<T> one(String sql, Tuple params, Function<Row, T> mapper) {
        return pool.preparedQuery(sql).execute(params).map((RowSet<Row> rows) -> {
            var it = rows.iterator();
            return it.hasNext() ? mapper.apply(it.next()) : null;
        });
    }

    static BlockType type(Row row) {
        return new BlockType(row.getUUID("t_id"), row.getOffsetDateTime("t_created"),
                row.getOffsetDateTime("t_updated"), row.getString("t_name"), row.getString("t_slug"),
                row.getString("t_logo_url"), row.getString("t_documentation_url"), row.getString("t_description"),
                row.getString("t_code_example"), Boolean.TRUE.equals(row.getBoolean("t_is_protected")));
    }

    static BlockSchema schema(Row row) {
        List<String> capabilities = new ArrayList<>();
        RunMapper.tree(row.getString("s_capabilities")).forEach(n -> capabilities.add(n.asText()));
        return new BlockSchema(row.getUUID("s_id"), row.getOffsetDateTime("s_created"),
                row.getOffsetDateTime("s_updated"), row.getString("s_checksum"), RunMapper.tree(row.getString("s_fields")),
                row.getUUID("s_block_type_id"), type(row), capabilities, row.getString("s_version"));
    }
}
