package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.Deployments.Deployment;
import dev.orchestra.schemas.Deployments.DeploymentCreate;
import dev.orchestra.schemas.Deployments.DeploymentFlowRunCreate;
import dev.orchestra.schemas.Deployments.DeploymentUpdate;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.Paging;
import dev.orchestra.schemas.Schedules;
import dev.orchestra.schemas.ValidationException;
import dev.orchestra.schemas.WorkPools;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.sorting.DeploymentSort;
import dev.orchestra.service.DeploymentService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
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
import org.jboss.resteasy.reactive.RestResponse;

/** Prefect's {@code /deployments} router, with the routes runners poll and the scheduling controls. */
@Path("/api/deployments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deployments")
public class DeploymentResource {

    private final DeploymentService deployments;
    private final ObjectMapper mapper;

    public DeploymentResource(DeploymentService deployments, ObjectMapper mapper) {
        this.deployments = deployments;
        this.mapper = mapper;
    }

    /** The body of {@code POST /deployments/filter}; unknown top-level keys are ignored, as FastAPI does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "DeploymentFilterRequest")
    public record FilterRequest(Integer limit, Integer offset, FlowFilter flows, FlowRunFilter flowRuns,
            TaskRunFilter taskRuns, DeploymentFilter deployments, WorkPoolFilter workPools,
            WorkQueueFilter workPoolQueues, DeploymentSort sort) {

        static final FilterRequest EMPTY = new FilterRequest(null, null, null, null, null, null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, workPoolQueues);
        }
    }

    /** The body of {@code POST /deployments/count}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "DeploymentCountRequest")
    public record CountRequest(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments, WorkPoolFilter workPools, WorkQueueFilter workPoolQueues) {

        static final CountRequest EMPTY = new CountRequest(null, null, null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, workPoolQueues);
        }
    }

    /** The body of {@code POST /deployments/get_scheduled_flow_runs}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "DeploymentScheduledFlowRunsRequest")
    public record ScheduledRunsRequest(
            @JsonProperty(required = true) @JsonSetter(contentNulls = Nulls.FAIL) List<UUID> deploymentIds,
            OffsetDateTime scheduledBefore, Integer limit) {
    }

    /** The body of {@code POST /deployments/{id}/schedule}; every field is optional. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScheduleRequest(OffsetDateTime startTime, OffsetDateTime endTime,
            @Schema(description = "seconds, or a duration such as 01:00:00 or PT1H") JsonNode minTime,
            Integer minRuns, Integer maxRuns) {

        static final ScheduleRequest EMPTY = new ScheduleRequest(null, null, null, null, null);

        Duration minDuration() {
            if (minTime == null || minTime.isNull()) {
                return null;
            }
            Duration d = Schedules.duration(minTime);
            if (d == null) {
                throw ValidationException.of(List.of("body", "min_time"), "invalid duration format",
                        "value_error.duration");
            }
            return d;
        }
    }

    @POST
    @Path("/")
    @Operation(operationId = "create_deployment_deployments__post", summary = "Create Deployment",
            description = "Creates a deployment, or replaces the deployment of the same flow and name.")
    @APIResponse(responseCode = "201", description = "The deployment was created.",
            content = @Content(schema = @Schema(implementation = Deployment.class)))
    @APIResponse(responseCode = "200", description = "A deployment of that flow and name existed: it was replaced.",
            content = @Content(schema = @Schema(implementation = Deployment.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<RestResponse<Deployment>> create(DeploymentCreate body) {
        return deployments.create(Bodies.require(body)).map(c -> RestResponse.status(
                c.isNew() ? RestResponse.Status.CREATED : RestResponse.Status.OK, c.deployment()));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "read_deployment_deployments__id__get", summary = "Read Deployment",
            description = "Reads a deployment by id.")
    public Uni<Deployment> read(@PathParam("id") String id) {
        return deployments.read(Params.pathUuid("id", id));
    }

    @GET
    @Path("/name/{flow_name}/{deployment_name}")
    @Operation(operationId = "read_deployment_by_name_deployments_name__flow_name___deployment_name__get",
            summary = "Read Deployment By Name",
            description = "Reads a deployment by its flow's name and its own name.")
    public Uni<Deployment> readByName(@PathParam("flow_name") String flowName,
            @PathParam("deployment_name") String deploymentName) {
        return deployments.readByName(flowName, deploymentName);
    }

    @PATCH
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "update_deployment_deployments__id__patch", summary = "Update Deployment",
            description = "Changes the fields the body names; the others keep their values.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentUpdate.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "204", description = "Updated.")
    public Uni<Void> update(@PathParam("id") String id, ObjectNode body) {
        ObjectNode b = Bodies.require(body);
        return deployments.update(Params.pathUuid("id", id), b, Bodies.bind(mapper, b, DeploymentUpdate.class));
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_deployments_deployments_filter_post", summary = "Read Deployments",
            description = "Lists the deployments that match the filters, sorted and paged.")
    public Uni<List<Deployment>> filter(FilterRequest body) {
        FilterRequest b = body == null ? FilterRequest.EMPTY : body;
        return deployments.filter(b.filters(), b.sort() == null ? DeploymentSort.DEFAULT : b.sort(),
                Paging.limit(b.limit()), Paging.offset(b.offset()));
    }

    @POST
    @Path("/count")
    @Operation(operationId = "count_deployments_deployments_count_post", summary = "Count Deployments",
            description = "Counts the deployments that match the filters.")
    public Uni<Long> count(CountRequest body) {
        return deployments.count((body == null ? CountRequest.EMPTY : body).filters());
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_deployment_deployments__id__delete", summary = "Delete Deployment",
            description = "Deletes a deployment and its scheduled flow runs.")
    public Uni<Void> delete(@PathParam("id") String id) {
        return deployments.delete(Params.pathUuid("id", id));
    }

    @POST
    @Path("/get_scheduled_flow_runs")
    @Operation(operationId = "get_scheduled_flow_runs_for_deployments_deployments_get_scheduled_flow_runs_post",
            summary = "Get Scheduled Flow Runs For Deployments",
            description = "Get scheduled runs for a set of deployments. Used by a runner to poll for work.")
    @APIResponse(responseCode = "200", description = "The SCHEDULED runs due, earliest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = FlowRunResponse.class)))
    public Uni<List<FlowRunResponse>> scheduledFlowRuns(ScheduledRunsRequest body) {
        if (body == null || body.deploymentIds() == null) {
            throw ValidationException.of(List.of("body", "deployment_ids"), "field required", "value_error.missing");
        }
        return deployments.scheduledFlowRuns(body.deploymentIds(), body.scheduledBefore(), Paging.limit(body.limit()));
    }

    @POST
    @Path("/{id}/schedule")
    @Operation(operationId = "schedule_deployment_deployments__id__schedule_post", summary = "Schedule Deployment",
            description = "Schedule runs for a deployment. For backfills, provide start/end times in the past. Runs"
                    + " are generated from start_time (default now), no more than max_runs, none after end_time, at"
                    + " least min_runs and until at least start_time + min_time.")
    @APIResponse(responseCode = "200", description = "Scheduled (null)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    nullable = true)))
    public Uni<JsonNode> schedule(@PathParam("id") String id, ScheduleRequest body) {
        UUID deploymentId = Params.pathUuid("id", id);
        ScheduleRequest b = body == null ? ScheduleRequest.EMPTY : body;
        return deployments.schedule(deploymentId, b.startTime(), b.endTime(), b.minDuration(), b.minRuns(),
                b.maxRuns()).replaceWith(Bodies.NULL);
    }

    @POST
    @Path("/{id}/set_schedule_active")
    @Operation(operationId = "set_schedule_active_deployments__id__set_schedule_active_post",
            summary = "Set Schedule Active",
            description = "Set a deployment schedule to active. Runs will be scheduled immediately.")
    @APIResponse(responseCode = "200", description = "Done (null)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    nullable = true)))
    @APIResponse(responseCode = "404", description = "Deployment not found")
    public Uni<JsonNode> setScheduleActive(@PathParam("id") String id,
            @RequestBody(required = false, description = "Not read (the route takes no body)") JsonNode ignored) {
        return deployments.setScheduleActive(Params.pathUuid("id", id), true).replaceWith(Bodies.NULL);
    }

    @POST
    @Path("/{id}/set_schedule_inactive")
    @Operation(operationId = "set_schedule_inactive_deployments__id__set_schedule_inactive_post",
            summary = "Set Schedule Inactive",
            description = "Set a deployment schedule to inactive. Any auto-scheduled runs still in a Scheduled state"
                    + " will be deleted.")
    @APIResponse(responseCode = "200", description = "Done (null)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                    nullable = true)))
    @APIResponse(responseCode = "404", description = "Deployment not found")
    public Uni<JsonNode> setScheduleInactive(@PathParam("id") String id,
            @RequestBody(required = false, description = "Not read (the route takes no body)") JsonNode ignored) {
        return deployments.setScheduleActive(Params.pathUuid("id", id), false).replaceWith(Bodies.NULL);
    }

    @GET
    @Path("/{id}/work_queue_check")
    @Operation(operationId = "work_queue_check_for_deployment_deployments__id__work_queue_check_get",
            summary = "Work Queue Check For Deployment", deprecated = true,
            description = "Get list of work-queues that are able to pick up the specified deployment: queues with a"
                    + " legacy tag filter that the deployment's tags and id satisfy.")
    @APIResponse(responseCode = "200", description = "The queues",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = WorkPools.WorkQueue.class)))
    @APIResponse(responseCode = "404", description = "Deployment not found")
    public Uni<List<WorkPools.WorkQueue>> workQueueCheck(@PathParam("id") String id) {
        return deployments.workQueueCheck(Params.pathUuid("id", id));
    }

    @POST
    @Path("/{id}/create_flow_run")
    @Operation(operationId = "create_flow_run_from_deployment_deployments__id__create_flow_run_post",
            summary = "Create Flow Run From Deployment",
            description = "Creates a flow run of a deployment, with the deployment's parameters merged under the given ones.")
    @APIResponse(responseCode = "201", description = "The flow run was created.",
            content = @Content(schema = @Schema(implementation = FlowRunResponse.class)))
    @APIResponse(responseCode = "200", description = "A run of the deployment with this idempotency key existed: that run.",
            content = @Content(schema = @Schema(implementation = FlowRunResponse.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<FlowRunResponse>> createFlowRun(@PathParam("id") String id,
            DeploymentFlowRunCreate body) {
        return deployments.createFlowRun(Params.pathUuid("id", id), Bodies.require(body)).map(c -> RestResponse.status(
                c.isNew() ? RestResponse.Status.CREATED : RestResponse.Status.OK, c.run()));
    }
}
