package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.schemas.Paging;
import dev.orchestra.schemas.RunPages;
import dev.orchestra.schemas.TaskRun;
import dev.orchestra.schemas.TaskRunCreate;
import dev.orchestra.schemas.TaskRunUpdate;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.sorting.TaskRunSort;
import dev.orchestra.service.OrchestrationService;
import dev.orchestra.service.TaskRunService;
import dev.orchestra.schemas.HistoryResponse;
import dev.orchestra.service.HistoryService;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** Prefect's {@code /task_runs} router. */
@Path("/api/task_runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Task Runs")
public class TaskRunResource {

    /** The filters of the task-run query routes; unknown top-level keys are ignored, as FastAPI does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "TaskRunFilterRequest")
    public record FilterRequest(Integer limit, Integer offset, TaskRunSort sort, FlowFilter flows,
            FlowRunFilter flowRuns, TaskRunFilter taskRuns, DeploymentFilter deployments) {

        static final FilterRequest EMPTY = new FilterRequest(null, null, null, null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, null, null);
        }
    }

    /** The filters of the count route; unknown top-level keys are ignored, as FastAPI does. */
    @Schema(name = "TaskRunCountRequest")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CountRequest(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments) {

        static final CountRequest EMPTY = new CountRequest(null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, null, null);
        }
    }

    private final TaskRunService runs;
    private final OrchestrationService orchestration;
    private final ObjectMapper mapper;
    private final HistoryService history;

    public TaskRunResource(TaskRunService runs, OrchestrationService orchestration, HistoryService history,
            ObjectMapper mapper) {
        this.history = history;
        this.runs = runs;
        this.orchestration = orchestration;
        this.mapper = mapper;
    }

    @POST
    @Path("/")
    @Operation(operationId = "create_task_run_task_runs__post", summary = "Create Task Run",
            description = "Creates a task run and orchestrates its first state; idempotent on flow run, task key and"
                    + " dynamic key.")
    @APIResponse(responseCode = "201", description = "The task run was created.",
            content = @Content(schema = @Schema(implementation = TaskRun.class)))
    @APIResponse(responseCode = "200", description = "A task run with this flow run, task key and dynamic key existed:"
            + " that run.", content = @Content(schema = @Schema(implementation = TaskRun.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<TaskRun>> create(TaskRunCreate body,
            @HeaderParam("X-PREFECT-API-VERSION") String apiVersion) {
        return runs.create(Bodies.require(body), OrchestrationParameters.of(apiVersion))
                .map(c -> RestResponse.status(c.isNew() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        c.run()));
    }

    @POST
    @Path("/{id}/set_state")
    @Operation(operationId = "set_task_run_state_task_runs__id__set_state_post", summary = "Set Task Run State",
            description = "Proposes a new state for a task run; the orchestration rules accept, reject, delay or abort it.")
    @APIResponse(responseCode = "201", description = "The proposed (or a replacement) state was written.",
            content = @Content(schema = @Schema(implementation = OrchestrationResult.class)))
    @APIResponse(responseCode = "200", description = "No state was written (REJECT, WAIT or ABORT).",
            content = @Content(schema = @Schema(implementation = OrchestrationResult.class)))
    public Uni<RestResponse<OrchestrationResult>> setState(@PathParam("id") String id,
            FlowRunResource.SetStateRequest body, @HeaderParam("X-PREFECT-API-VERSION") String apiVersion) {
        FlowRunResource.SetStateRequest b = Bodies.require(body);
        return orchestration.setTaskRunState(Params.pathUuid("id", id), b.state(), Boolean.TRUE.equals(b.force()),
                OrchestrationParameters.of(apiVersion)).map(OrchestrationParameters::response);
    }

    /** The body of the history route; unknown top-level keys are ignored, as FastAPI does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "TaskRunHistoryRequest")
    public record HistoryRequest(@JsonProperty(required = true) OffsetDateTime historyStart,
            @JsonProperty(required = true) OffsetDateTime historyEnd,
            @JsonProperty(required = true) Double historyIntervalSeconds, FlowFilter flows, FlowRunFilter flowRuns,
            TaskRunFilter taskRuns, DeploymentFilter deployments) {
    }

    @POST
    @Path("/history")
    @Operation(operationId = "task_run_history_task_runs_history_post", summary = "Task Run History",
            description = "Counts the filtered task runs by state in consecutive time intervals (at most 500).")
    public Uni<List<HistoryResponse>> history(HistoryRequest body) {
        HistoryRequest b = Bodies.require(body);
        return history.taskRuns(b.historyStart(), b.historyEnd(), b.historyIntervalSeconds(),
                new EntityFilters(b.flows(), b.flowRuns(), b.taskRuns(), b.deployments(), null, null));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "read_task_run_task_runs__id__get", summary = "Read Task Run",
            description = "Reads a task run by id.")
    public Uni<TaskRun> read(@PathParam("id") String id) {
        return runs.read(Params.pathUuid("id", id));
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_task_runs_task_runs_filter_post", summary = "Read Task Runs",
            description = "Lists the task runs that match the filters, sorted and paged.")
    public Uni<List<TaskRun>> filter(@RequestBody(required = false) FilterRequest body) {
        FilterRequest b = body == null ? FilterRequest.EMPTY : body;
        return runs.filter(b.filters(), b.sort(), Paging.limit(b.limit()), Paging.offset(b.offset()));
    }

    /**
     * The body of the paginate route (Prefect 3): {@code page} (from 1) or {@code cursor} (a previous answer's
     * {@code next_cursor}); unknown top-level keys are ignored, as FastAPI does.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "TaskRunPaginateRequest")
    public record PaginateRequest(Integer limit, Long page, String cursor, TaskRunSort sort, FlowFilter flows,
            FlowRunFilter flowRuns, TaskRunFilter taskRuns, DeploymentFilter deployments) {

        static final PaginateRequest EMPTY = new PaginateRequest(null, null, null, null, null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, null, null);
        }
    }

    @POST
    @Path("/paginate")
    @Operation(operationId = "paginate_task_runs_task_runs_paginate_post", summary = "Paginate Task Runs",
            description = "Prefect 3's pagination of task runs: a page by number ({@code page}, from 1) or, with"
                    + " {@code cursor} (the {@code next_cursor} of the previous answer), the page after that answer's"
                    + " last run, found by its sort key and id: as cheap at any depth, and stable when runs are"
                    + " added. Runs sort by the requested sort, then by id.")
    @APIResponse(responseCode = "200", description = "The page",
            content = @Content(schema = @Schema(implementation = RunPages.TaskRunPaginationResponse.class)))
    @APIResponse(responseCode = "422", description = "Invalid limit, page, sort or cursor")
    public Uni<RunPages.TaskRunPaginationResponse> paginate(PaginateRequest body) {
        PaginateRequest b = body == null ? PaginateRequest.EMPTY : body;
        return runs.paginate(b.filters(), b.sort(), Paging.limit(b.limit()), b.page(), b.cursor());
    }

    @POST
    @Path("/count")
    @Operation(operationId = "count_task_runs_task_runs_count_post", summary = "Count Task Runs",
            description = "Counts the task runs that match the filters.")
    public Uni<Long> count(@RequestBody(required = false) CountRequest body) {
        return runs.count((body == null ? CountRequest.EMPTY : body).filters());
    }

    @PATCH
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "update_task_run_task_runs__id__patch", summary = "Update Task Run",
            description = "Changes the fields the body names; the others keep their values.")
    @APIResponse(responseCode = "204", description = "Updated.")
    public Uni<Void> update(@PathParam("id") String id, @RequestBody(content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskRunUpdate.class))) ObjectNode body) {
        ObjectNode b = Bodies.require(body);
        return runs.update(Params.pathUuid("id", id), Bodies.bind(mapper, b, TaskRunUpdate.class), b.has("name"));
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_task_run_task_runs__id__delete", summary = "Delete Task Run",
            description = "Deletes a task run with its states.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Void> delete(@PathParam("id") String id) {
        return runs.delete(Params.pathUuid("id", id));
    }
}
