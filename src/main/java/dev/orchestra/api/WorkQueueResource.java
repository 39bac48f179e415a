package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.schemas.Paging;
import dev.orchestra.schemas.WorkPools.WorkQueue;
import dev.orchestra.schemas.WorkPools.WorkQueueCreate;
import dev.orchestra.schemas.WorkPools.WorkQueueUpdate;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.service.WorkQueueService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Prefect's {@code /work_queues} router, without polling for runs and the status report. */
@Path("/api/work_queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Work Queues")
public class WorkQueueResource {

    private final WorkQueueService queues;
    private final ObjectMapper mapper;

    public WorkQueueResource(WorkQueueService queues, ObjectMapper mapper) {
        this.queues = queues;
        this.mapper = mapper;
    }

    /** The body of {@code POST /work_queues/filter}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "WorkQueueFilterRequest")
    public record FilterRequest(Integer limit, Integer offset, WorkQueueFilter workQueues) {
    }

    @POST
    @Path("/")
    @ResponseStatus(201)
    @Operation(operationId = "create_work_queue_work_queues__post", summary = "Create Work Queue",
            description = "Creates a work queue in a work pool (the default agent pool when none is named).")
    @APIResponse(responseCode = "201", description = "The work queue was created.",
            content = @Content(schema = @Schema(implementation = WorkQueue.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<WorkQueue> create(WorkQueueCreate body) {
        return queues.create(Bodies.require(body));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "read_work_queue_work_queues__id__get", summary = "Read Work Queue",
            description = "Reads a work queue by id.")
    public Uni<WorkQueue> read(@PathParam("id") String id) {
        return queues.read(Params.pathUuid("id", id));
    }

    @GET
    @Path("/name/{name}")
    @Operation(operationId = "read_work_queue_by_name_work_queues_name__name__get", summary = "Read Work Queue By Name",
            description = "Reads a work queue by name.")
    public Uni<WorkQueue> readByName(@PathParam("name") String name) {
        return queues.readByName(name);
    }

    @PATCH
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "update_work_queue_work_queues__id__patch", summary = "Update Work Queue",
            description = "Changes the fields the body names; the others keep their values.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkQueueUpdate.class)))
    public Uni<Void> update(@PathParam("id") String id, ObjectNode body) {
        ObjectNode b = Bodies.require(body);
        return queues.update(Params.pathUuid("id", id), b, Bodies.bind(mapper, b, WorkQueueUpdate.class));
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_work_queues_work_queues_filter_post", summary = "Read Work Queues",
            description = "Lists the work queues that match the filters, paged.")
    public Uni<List<WorkQueue>> filter(FilterRequest body) {
        FilterRequest b = body == null ? new FilterRequest(null, null, null) : body;
        return queues.filter(b.workQueues(), Paging.limit(b.limit()), Paging.offset(b.offset()));
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_work_queue_work_queues__id__delete", summary = "Delete Work Queue",
            description = "Deletes a work queue by id.")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Void> delete(@PathParam("id") String id) {
        return queues.delete(Params.pathUuid("id", id));
    }
}
