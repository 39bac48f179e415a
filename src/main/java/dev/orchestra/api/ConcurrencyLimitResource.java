package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.schemas.ConcurrencyLimit;
import dev.orchestra.schemas.ConcurrencyLimitCreate;
import dev.orchestra.schemas.Paging;
import dev.orchestra.service.ConcurrencyLimitService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Prefect's {@code /concurrency_limits} router (tag limits, v1). */
@Path("/api/concurrency_limits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Concurrency Limits")
public class ConcurrencyLimitResource {

    /** The body of {@code POST /concurrency_limits/filter}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ConcurrencyLimitFilterRequest")
    public record FilterRequest(Integer limit, Integer offset) {
    }

    /** The body of {@code POST /concurrency_limits/tag/{tag}/reset}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "ConcurrencyLimitResetRequest")
    public record ResetRequest(List<UUID> slotOverride) {
    }

    private final ConcurrencyLimitService limits;

    public ConcurrencyLimitResource(ConcurrencyLimitService limits) {
        this.limits = limits;
    }

    /** Creates or updates the limit of a tag. Prefect answers 200 even for a new limit, and so does this. */
    @POST
    @Path("/")
    @Operation(operationId = "create_concurrency_limit_concurrency_limits__post",
            summary = "Create Concurrency Limit",
            description = "Creates the concurrency limit of a tag, or changes the limit of an existing tag.")
    public Uni<ConcurrencyLimit> create(ConcurrencyLimitCreate body) {
        return limits.create(Bodies.require(body));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "read_concurrency_limit_concurrency_limits__id__get",
            summary = "Read Concurrency Limit",
            description = "Reads a tag concurrency limit by id.")
    public Uni<ConcurrencyLimit> read(@PathParam("id") String id) {
        return limits.read(Params.pathUuid("id", id));
    }

    @GET
    @Path("/tag/{tag}")
    @Operation(operationId = "read_concurrency_limit_by_tag_concurrency_limits_tag__tag__get",
            summary = "Read Concurrency Limit By Tag",
            description = "Reads the concurrency limit of a tag.")
    public Uni<ConcurrencyLimit> readByTag(@PathParam("tag") String tag) {
        return limits.readByTag(tag);
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_concurrency_limits_concurrency_limits_filter_post",
            summary = "Read Concurrency Limits",
            description = "Lists the tag concurrency limits, paged.")
    public Uni<List<ConcurrencyLimit>> filter(FilterRequest body) {
        FilterRequest b = body == null ? new FilterRequest(null, null) : body;
        return limits.list(Paging.offset(b.offset()), Paging.limit(b.limit()));
    }

    @POST
    @Path("/tag/{tag}/reset")
    @Operation(operationId = "reset_concurrency_limit_by_tag_concurrency_limits_tag__tag__reset_post",
            summary = "Reset Concurrency Limit By Tag",
            description = "Replaces the task runs holding a tag's slots (none when no list is given).")
    public Uni<JsonNode> reset(@PathParam("tag") String tag, ResetRequest body) {
        return limits.reset(tag, body == null ? null : body.slotOverride()).map(v -> Bodies.NULL);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "delete_concurrency_limit_concurrency_limits__id__delete",
            summary = "Delete Concurrency Limit",
            description = "Deletes a tag concurrency limit by id.")
    public Uni<JsonNode> delete(@PathParam("id") String id) {
        return limits.delete(Params.pathUuid("id", id)).map(v -> Bodies.NULL);
    }

    @DELETE
    @Path("/tag/{tag}")
    @Operation(operationId = "delete_concurrency_limit_by_tag_concurrency_limits_tag__tag__delete",
            summary = "Delete Concurrency Limit By Tag",
            description = "Deletes the concurrency limit of a tag.")
    public Uni<JsonNode> deleteByTag(@PathParam("tag") String tag) {
        return limits.deleteByTag(tag).map(v -> Bodies.NULL);
    }
}
