package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.schemas.Limits;
import dev.orchestra.schemas.Paging;
import dev.orchestra.schemas.ValidationException;
import dev.orchestra.schemas.WorkPools.WorkPool;
import dev.orchestra.schemas.WorkPools.WorkPoolCreate;
import dev.orchestra.schemas.WorkPools.WorkPoolUpdate;
import dev.orchestra.schemas.WorkPools.WorkQueue;
import dev.orchestra.schemas.WorkPools.WorkQueueCreate;
import dev.orchestra.schemas.WorkPools.WorkQueueUpdate;
import dev.orchestra.schemas.WorkPools.Worker;
import dev.orchestra.schemas.WorkerFlowRunResponse;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.filters.WorkerFilter;
import dev.orchestra.service.WorkPoolService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Prefect's {@code /work_pools} router: pools, their queues, worker heartbeats, and the workers' poll for runs.
 */
@Path("/api/work_pools")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Work Pools")
public class WorkPoolResource {

    private final WorkPoolService pools;
    private final ObjectMapper mapper;

    public WorkPoolResource(WorkPoolService pools, ObjectMapper mapper) {
        this.pools = pools;
        this.mapper = mapper;
    }

    /** The body of {@code POST /work_pools/filter}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "WorkPoolFilterRequest")
    public record FilterRequest(Integer limit, Integer offset, WorkPoolFilter workPools) {
    }

    /** The body of {@code POST /work_pools/count}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "WorkPoolCountRequest")
    public record CountRequest(WorkPoolFilter workPools) {
    }

    /** The body of {@code POST /work_pools/{name}/queues/filter}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "WorkPoolQueueFilterRequest")
    public record QueueFilterRequest(Integer limit, Integer offset, WorkQueueFilter workQueues) {
    }

    /** The body of {@code POST /work_pools/{name}/workers/filter}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "WorkerFilterRequest")
    public record WorkerFilterRequest(Integer limit, Integer offset, WorkerFilter workers) {
    }

    /** The body of {@code POST /work_pools/{name}/workers/heartbeat}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "WorkerHeartbeatRequest")
    public record HeartbeatRequest(@JsonProperty(required = true) String name, Integer heartbeatIntervalSeconds) {

        public HeartbeatRequest {
            Limits.maxLength("name", name, Limits.TEXT);
        }
    }

    /** The body of {@code POST /work_pools/{name}/get_scheduled_flow_runs}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "WorkPoolScheduledFlowRunsRequest")
    public record ScheduledRunsRequest(@JsonSetter(contentNulls = Nulls.FAIL) List<String> workQueueNames,
            OffsetDateTime scheduledBefore, OffsetDateTime scheduledAfter, Integer limit) {

        static final ScheduledRunsRequest EMPTY = new ScheduledRunsRequest(null, null, null, null);
    }

    @POST
    @Path("/")
    @ResponseStatus(201)
    @Operation(operationId = "create_work_pool_work_pools__post", summary = "Create Work Pool",
            description = "Creates a work pool with its default queue.")
    @APIResponse(responseCode = "201", description = "The work pool was created.",
            content = @Content(schema = @Schema(implementation = WorkPool.class)))
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<WorkPool> create(WorkPoolCreate body) {
        return pools.create(Bodies.require(body));
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "read_work_pool_work_pools__name__get", summary = "Read Work Pool",
            description = "Reads a work pool by name.")
    public Uni<WorkPool> read(@PathParam("name") String name) {
        return pools.read(name);
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_work_pools_work_pools_filter_post", summary = "Read Work Pools",
            description = "Lists the work pools that match the filters, paged.")
    public Uni<List<WorkPool>> filter(FilterRequest body) {
        FilterRequest b = body == null ? new FilterRequest(null, null, null) : body;
        return pools.filter(b.workPools(), Paging.limit(b.limit()), Paging.offset(b.offset()));
    }

    @POST
    @Path("/count")
    @Operation(operationId = "count_work_pools_work_pools_count_post", summary = "Count Work Pools",
            description = "Counts the work pools that match the filters.")
    public Uni<Long> count(CountRequest body) {
        return pools.count(body == null ? null : body.workPools());
    }

    @PATCH
    @Path("/{name}")
    @ResponseStatus(204)
    @Operation(operationId = "update_work_pool_work_pools__name__patch", summary = "Update Work Pool",
            description = "Changes the fields the body names; the others keep their values.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkPoolUpdate.class)))
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "204", description = "Updated.")
    public Uni<Void> update(@PathParam("name") String name, ObjectNode body) {
        ObjectNode b = Bodies.require(body);
        return pools.update(name, b, Bodies.bind(mapper, b, WorkPoolUpdate.class));
    }

    @DELETE
    @Path("/{name}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_work_pool_work_pools__name__delete", summary = "Delete Work Pool",
            description = "Deletes a work pool with its queues.")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Void> delete(@PathParam("name") String name) {
        return pools.delete(name);
    }

    @POST
    @Path("/{name}/get_scheduled_flow_runs")
    @Operation(operationId = "get_scheduled_flow_runs_work_pools__name__get_scheduled_flow_runs_post",
            summary = "Get Scheduled Flow Runs",
            description = "Load scheduled runs for a worker: the earliest SCHEDULED runs of the pool's queues (the named"
                    + " ones, or all), by queue priority, within the free slots of the pool's and each queue's"
                    + " concurrency limit; nothing from a paused pool or queue. The polled queues get last_polled.")
    @APIResponse(responseCode = "200", description = "The runs, with the pool and queue each was found in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = WorkerFlowRunResponse.class)))
    @APIResponse(responseCode = "404", description = "No such work pool, or no such queue in it")
    public Uni<List<WorkerFlowRunResponse>> scheduledFlowRuns(@PathParam("name") String name,
            ScheduledRunsRequest body) {
        ScheduledRunsRequest b = body == null ? ScheduledRunsRequest.EMPTY : body;
        return pools.scheduledFlowRuns(name, b.workQueueNames(), b.scheduledBefore(), b.scheduledAfter(),
                Paging.limit(b.limit()));
    }

    @POST
    @Path("/{work_pool_name}/queues")
    @ResponseStatus(201)
    @Operation(operationId = "create_work_queue_work_pools__work_pool_name__queues_post", summary = "Create Work Queue",
            description = "Creates a queue in a work pool.")
    @APIResponse(responseCode = "201", description = "The queue was created.",
            content = @Content(schema = @Schema(implementation = WorkQueue.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<WorkQueue> createQueue(@PathParam("work_pool_name") String poolName, WorkQueueCreate body) {
        return pools.createQueue(poolName, Bodies.require(body));
    }

    @GET
    @Path("/{work_pool_name}/queues/{name}")
    @Operation(operationId = "read_work_queue_work_pools__work_pool_name__queues__name__get",
            summary = "Read Work Queue",
            description = "Reads a work pool's queue by name.")
    public Uni<WorkQueue> readQueue(@PathParam("work_pool_name") String poolName, @PathParam("name") String name) {
        return pools.readQueue(poolName, name);
    }

    @POST
    @Path("/{work_pool_name}/queues/filter")
    @Operation(operationId = "read_work_queues_work_pools__work_pool_name__queues_filter_post",
            summary = "Read Work Queues",
            description = "Lists a work pool's queues that match the filters, paged.")
    public Uni<List<WorkQueue>> filterQueues(@PathParam("work_pool_name") String poolName, QueueFilterRequest body) {
        QueueFilterRequest b = body == null ? new QueueFilterRequest(null, null, null) : body;
        return pools.filterQueues(poolName, b.workQueues(), Paging.limit(b.limit()), Paging.offset(b.offset()));
    }

    @PATCH
    @Path("/{work_pool_name}/queues/{name}")
    @ResponseStatus(204)
    @Operation(operationId = "update_work_queue_work_pools__work_pool_name__queues__name__patch",
            summary = "Update Work Queue",
            description = "Changes the fields the body names; the others keep their values.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WorkQueueUpdate.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "204", description = "Updated.")
    public Uni<Void> updateQueue(@PathParam("work_pool_name") String poolName, @PathParam("name") String name,
            ObjectNode body) {
        ObjectNode b = Bodies.require(body);
        return pools.updateQueue(poolName, name, b, Bodies.bind(mapper, b, WorkQueueUpdate.class));
    }

    @DELETE
    @Path("/{work_pool_name}/queues/{name}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_work_queue_work_pools__work_pool_name__queues__name__delete",
            summary = "Delete Work Queue",
            description = "Deletes a work pool's queue (not its default queue).")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Void> deleteQueue(@PathParam("work_pool_name") String poolName, @PathParam("name") String name) {
        return pools.deleteQueue(poolName, name);
    }

    @POST
    @Path("/{work_pool_name}/workers/heartbeat")
    @ResponseStatus(204)
    @Operation(operationId = "worker_heartbeat_work_pools__work_pool_name__workers_heartbeat_post",
            summary = "Worker Heartbeat",
            description = "Records that a worker of a work pool is alive.")
    @APIResponse(responseCode = "204", description = "Recorded.")
    public Uni<Void> heartbeat(@PathParam("work_pool_name") String poolName, HeartbeatRequest body) {
        if (body == null) {
            throw ValidationException.of(List.of("body", "name"), "field required", "value_error.missing");
        }
        return pools.heartbeat(poolName, body.name(), body.heartbeatIntervalSeconds());
    }

    @POST
    @Path("/{work_pool_name}/workers/filter")
    @Operation(operationId = "read_workers_work_pools__work_pool_name__workers_filter_post", summary = "Read Workers",
            description = "Lists a work pool's workers.")
    public Uni<List<Worker>> filterWorkers(@PathParam("work_pool_name") String poolName, WorkerFilterRequest body) {
        WorkerFilterRequest b = body == null ? new WorkerFilterRequest(null, null, null) : body;
        return pools.filterWorkers(poolName, b.workers(), Paging.limit(b.limit()), Paging.offset(b.offset()));
    }
}
