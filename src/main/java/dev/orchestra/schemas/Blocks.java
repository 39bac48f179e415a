package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The block records the Prefect client uses to persist results ({@code core.BlockType}, ...). */
public final class Blocks {

    private Blocks() {
    }

    /** A block type. */
    public record BlockType(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, String slug,
            String logoUrl, String documentationUrl, String description, String codeExample, boolean isProtected) {
    }

    /** The body of {@code POST /block_types/}. */
    public record BlockTypeCreate(@JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String name,
            @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) String slug, String logoUrl, String documentationUrl, String description,
            String codeExample) {

        public BlockTypeCreate {
            Names.requireNoBannedCharacters("name", name);
            Limits.maxLength("name", name, Limits.TEXT);
            Limits.maxLength("slug", slug, Limits.TEXT);
            if (slug != null && !slug.matches("[a-z0-9-]*")) {
                throw ValidationException.of(List.of("slug"),
                        "slug must only contain lowercase letters, numbers, and dashes.", "value_error");
            }
        }
    }

    /** A block schema, with its block type. */
    public record BlockSchema(UUID id, OffsetDateTime created, OffsetDateTime updated, String checksum,
            JsonNode fields, UUID blockTypeId, BlockType blockType, List<String> capabilities, String version) {
    }

    /** The body of {@code POST /block_schemas/}. */
    public record BlockSchemaCreate(@JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode fields, @JsonProperty(required = true) UUID blockTypeId,
            @JsonDeserialize(using = NotNull.class) List<String> capabilities, @JsonDeserialize(using = NotNull.class) String version) {

        public BlockSchemaCreate {
            Limits.object("fields", fields);
            Limits.maxLength("capabilities", capabilities, Limits.TEXT);
            Limits.maxLength("version", version, Limits.TEXT);
        }
    }

    /** A block document, with its schema and type. */
    public record BlockDocument(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, JsonNode data,
            UUID blockSchemaId, BlockSchema blockSchema, UUID blockTypeId, String blockTypeName, BlockType blockType,
            Map<String, JsonNode> blockDocumentReferences, boolean isAnonymous) {
    }

    /** The body of {@code POST /block_documents/}. */
    public record BlockDocumentCreate(String name, @JsonDeserialize(using = NotNull.class) @Schema(type = SchemaType.OBJECT) JsonNode data,
            @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) UUID blockSchemaId, @JsonDeserialize(using = NotNull.class) @JsonProperty(required = true) UUID blockTypeId,
            @JsonDeserialize(using = NotNull.class) Boolean isAnonymous) {

        public BlockDocumentCreate {
            Limits.object("data", data);
            Limits.maxLength("name", name, Limits.TEXT);
        }
    }
}
