package dev.orchestra.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.Conflict;
import dev.orchestra.errors.NotFound;
import dev.orchestra.persistence.BlockRepository;
import dev.orchestra.persistence.SchemaChecksum;
import dev.orchestra.schemas.Blocks.BlockDocument;
import dev.orchestra.schemas.Blocks.BlockDocumentCreate;
import dev.orchestra.schemas.Blocks.BlockSchema;
import dev.orchestra.schemas.Blocks.BlockSchemaCreate;
import dev.orchestra.schemas.Blocks.BlockType;
import dev.orchestra.schemas.Blocks.BlockTypeCreate;
import dev.orchestra.schemas.ValidationException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The block types, schemas and documents the Prefect client registers and reads to persist results (e.g. a
 * local file system). Schemas are identified by Prefect's checksum of their fields.
 */
@ApplicationScoped
public class BlockService {

    /** A created object, and whether this call created it (201) or found it (200). */
    public record Created<T>(T value, boolean isNew) {
    }

    static final String OBFUSCATED = "**********";
    static final String DEFAULT_SCHEMA_VERSION = "non-versioned";

    private final BlockRepository blocks;
    private final OrchestraClock clock;

    public BlockService(BlockRepository blocks, OrchestraClock clock) {
        this.blocks = blocks;
        this.clock = clock;
    }

    public Uni<BlockType> typeBySlug(String slug) {
        return blocks.typeBySlug(slug).onItem().ifNull()
                .failWith(() -> new NotFound("Block type not found"));
    }

    public Uni<BlockType> type(UUID id) {
        return blocks.type(id).onItem().ifNull().failWith(() -> new NotFound("Block type not found"));
    }

    public Uni<BlockType> createType(BlockTypeCreate request) {
        UUID id = UUID.randomUUID();
        return blocks.insertType(id, clock.now(), request.name(), request.slug(), request.logoUrl(),
                request.documentationUrl(), request.description(), request.codeExample())
                .chain(created -> created ? blocks.type(id) : Uni.createFrom().failure(
                        new Conflict("Block type with name " + request.name() + " already exists")));
    }

    public Uni<BlockSchema> schemaByChecksum(String checksum, String version) {
        return blocks.schemaByChecksum(checksum, version).onItem().ifNull()
                .failWith(() -> new NotFound("Block schema not found"));
    }

    public Uni<BlockSchema> schema(UUID id) {
        return blocks.schema(id).onItem().ifNull()
                .failWith(() -> new NotFound("Block schema not found"));
    }

    /** Registers a schema, or finds the one with the same checksum and version. */
    public Uni<Created<BlockSchema>> createSchema(BlockSchemaCreate request) {
        JsonNode fields = request.fields() == null ? JsonNodeFactory.instance.objectNode() : request.fields();
        String version = request.version() == null ? DEFAULT_SCHEMA_VERSION : request.version();
        String checksum = SchemaChecksum.of(fields);
        UUID id = UUID.randomUUID();
        return blocks.schemaByChecksum(checksum, version).chain(existing -> existing != null
                ? Uni.createFrom().item(new Created<>(existing, false))
                : blocks.insertSchema(id, clock.now(), checksum, fields, request.blockTypeId(),
                        request.capabilities() == null ? List.of() : request.capabilities(), version)
                        .chain(() -> blocks.schema(id)).map(s -> new Created<>(s, true)));
    }

    public Uni<BlockDocument> createDocument(BlockDocumentCreate request) {
        boolean anonymous = Boolean.TRUE.equals(request.isAnonymous());
        if (!anonymous && request.name() == null) {
            throw ValidationException.of(List.of("body", "__root__"), "Names must be provided for block documents.",
                    "value_error");
        }
        String name = anonymous && request.name() == null ? "anonymous-" + UUID.randomUUID() : request.name();
        JsonNode data = request.data() == null ? JsonNodeFactory.instance.objectNode() : request.data();
        UUID id = UUID.randomUUID();
        OffsetDateTime now = clock.now();
        return blocks.type(request.blockTypeId())
                .onItem().ifNull().failWith(() -> new Conflict("Block type not found"))
                .chain(type -> blocks.insertDocument(id, now, name, data, request.blockSchemaId(), type.id(),
                        type.name(), anonymous))
                .chain(() -> document(id, true));
    }

    /** A block document; secret fields are masked unless {@code includeSecrets}. */
    public Uni<BlockDocument> document(UUID id, boolean includeSecrets) {
        return blocks.document(id).onItem().ifNull()
                .failWith(() -> new NotFound("Block document not found"))
                .map(row -> new BlockDocument(row.id(), row.created(), row.updated(), row.name(),
                        includeSecrets ? row.data() : masked(row.data(), row.schema()), row.schema().id(),
                        row.schema(), row.schema().blockTypeId(), row.blockTypeName(), row.schema().blockType(),
                        Map.of(), row.anonymous()));
    }

    private static JsonNode masked(JsonNode data, BlockSchema schema) {
        JsonNode secrets = schema.fields().path("secret_fields");
        if (!secrets.isArray() || secrets.isEmpty() || !(data instanceof ObjectNode object)) {
            return data;
        }
        ObjectNode copy = object.deepCopy();
        secrets.forEach(path -> {
            String[] parts = path.asText().split("\\.");
            JsonNode node = copy;
            for (int i = 0; i < parts.length - 1 && node != null; i++) {
                node = node.get(parts[i]);
            }
            if (node instanceof ObjectNode parent && parent.has(parts[parts.length - 1])) {
                parent.put(parts[parts.length - 1], OBFUSCATED);
            }
        });
        return copy;
    }
}
