package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.Paging;
import dev.orchestra.schemas.WorkQueueStatusDetail;
import dev.orchestra.schemas.WorkPools.WorkQueue;
import dev.orchestra.schemas.WorkPools.WorkQueueCreate;
import dev.orchestra.schemas.WorkPools.WorkQueueUpdate;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.service.WorkQueueService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Prefect's {@code /work_queues} router, with the agents' poll for runs and the queue's health status. */
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

    /** The body of {@code POST /work_queues/{id}/get_runs}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RunsRequest(Integer limit, OffsetDateTime scheduledBefore, UUID agentId) {

        static final RunsRequest EMPTY = new RunsRequest(null, null, null);
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
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "204", description = "Updated.")
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

    @POST
    @Path("/{id}/get_runs")
    @Operation(operationId = "read_work_queue_runs_work_queues__id__get_runs_post", summary = "Read Work Queue Runs",
            description = "Get flow runs from the work queue: its earliest SCHEDULED runs within its free concurrency"
                    + " slots; none from a paused queue. Records the poll unless the x-prefect-ui header is true.")
    @APIResponse(responseCode = "200", description = "The runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = FlowRunResponse.class)))
    @APIResponse(responseCode = "404", description = "No such work queue")
    public Uni<List<FlowRunResponse>> runs(@PathParam("id") String id, @HeaderParam("x-prefect-ui") String ui,
            RunsRequest body) {
        UUID queueId = Params.pathUuid("id", id);
        RunsRequest b = body == null ? RunsRequest.EMPTY : body;
        return queues.runs(queueId, b.scheduledBefore(), Paging.limit(b.limit()), Params.headerBoolean("x-prefect-ui",
                ui));
    }

    @GET
    @Path("/{id}/status")
    @Operation(operationId = "read_work_queue_status_work_queues__id__status_get", summary = "Read Work Queue Status",
            description = "Get the status of a work queue: healthy when none of its runs is Late and it was polled"
                    + " within the last 60 seconds.")
    @APIResponse(responseCode = "200", description = "The status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WorkQueueStatusDetail.class)))
    @APIResponse(responseCode = "404", description = "No such work queue")
    public Uni<WorkQueueStatusDetail> status(@PathParam("id") String id) {
        return queues.status(Params.pathUuid("id", id));
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
