package dev.orchestra.api;

import dev.orchestra.schemas.Blocks.BlockDocument;
import dev.orchestra.schemas.Blocks.BlockDocumentCreate;
import dev.orchestra.schemas.Blocks.BlockSchema;
import dev.orchestra.schemas.Blocks.BlockSchemaCreate;
import dev.orchestra.schemas.Blocks.BlockType;
import dev.orchestra.schemas.Blocks.BlockTypeCreate;
import dev.orchestra.service.BlockService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The block routes the Prefect client needs to persist results: types, schemas and documents. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class BlockResource {

    private final BlockService blocks;

    public BlockResource(BlockService blocks) {
        this.blocks = blocks;
    }

    @POST
    @Path("/block_types/")
    @ResponseStatus(201)
    @Tag(name = "Block types")
    @Operation(operationId = "create_block_type_block_types__post", summary = "Create Block Type",
            description = "Registers a block type.")
    @APIResponse(responseCode = "201", description = "The block type was registered.",
            content = @Content(schema = @Schema(implementation = BlockType.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<BlockType> createType(BlockTypeCreate body) {
        return blocks.createType(Bodies.require(body));
    }

    @GET
    @Path("/block_types/slug/{slug}")
    @Tag(name = "Block types")
    @Operation(operationId = "read_block_type_by_slug_block_types_slug__slug__get", summary = "Read Block Type By Slug",
            description = "Reads a block type by slug.")
    public Uni<BlockType> typeBySlug(@PathParam("slug") String slug) {
        return blocks.typeBySlug(slug);
    }

    @GET
    @Path("/block_types/{id}")
    @Tag(name = "Block types")
    @Operation(operationId = "read_block_type_by_id_block_types__id__get", summary = "Read Block Type By Id",
            description = "Reads a block type by id.")
    public Uni<BlockType> type(@PathParam("id") String id) {
        return blocks.type(Params.pathUuid("id", id));
    }

    @POST
    @Path("/block_schemas/")
    @Tag(name = "Block schemas")
    @Operation(operationId = "create_block_schema_block_schemas__post", summary = "Create Block Schema",
            description = "Registers a block schema; an identical schema already there is returned instead.")
    @APIResponse(responseCode = "201", description = "The block schema was registered.",
            content = @Content(schema = @Schema(implementation = BlockSchema.class)))
    @APIResponse(responseCode = "200", description = "An identical schema existed: that schema.",
            content = @Content(schema = @Schema(implementation = BlockSchema.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<BlockSchema>> createSchema(BlockSchemaCreate body) {
        return blocks.createSchema(Bodies.require(body)).map(c -> RestResponse.status(
                c.isNew() ? RestResponse.Status.CREATED : RestResponse.Status.OK, c.value()));
    }

    @GET
    @Path("/block_schemas/checksum/{checksum}")
    @Tag(name = "Block schemas")
    @Operation(operationId = "read_block_schema_by_checksum_block_schemas_checksum__checksum__get",
            summary = "Read Block Schema By Checksum",
            description = "Reads a block schema by checksum (and version).")
    public Uni<BlockSchema> schemaByChecksum(@PathParam("checksum") String checksum,
            @QueryParam("version") String version) {
        return blocks.schemaByChecksum(checksum, version);
    }

    @GET
    @Path("/block_schemas/{id}")
    @Tag(name = "Block schemas")
    @Operation(operationId = "read_block_schema_by_id_block_schemas__id__get", summary = "Read Block Schema By Id",
            description = "Reads a block schema by id.")
    public Uni<BlockSchema> schema(@PathParam("id") String id) {
        return blocks.schema(Params.pathUuid("id", id));
    }

    @POST
    @Path("/block_documents/")
    @ResponseStatus(201)
    @Tag(name = "Block documents")
    @Operation(operationId = "create_block_document_block_documents__post", summary = "Create Block Document",
            description = "Stores a block document.")
    @APIResponse(responseCode = "201", description = "The block document was stored.",
            content = @Content(schema = @Schema(implementation = BlockDocument.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<BlockDocument> createDocument(BlockDocumentCreate body) {
        return blocks.createDocument(Bodies.require(body));
    }

    @GET
    @Path("/block_documents/{id}")
    @Tag(name = "Block documents")
    @Operation(operationId = "read_block_document_by_id_block_documents__id__get",
            summary = "Read Block Document By Id",
            description = "Reads a block document by id; secret fields are masked unless asked for.")
    public Uni<BlockDocument> document(@PathParam("id") String id, @QueryParam("include_secrets") Boolean include) {
        return blocks.document(Params.pathUuid("id", id), Boolean.TRUE.equals(include));
    }
}
