package dev.orchestra.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.DependencyResult;
import dev.orchestra.schemas.FlowRunCreate;
import dev.orchestra.schemas.FlowRunInput;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.FlowRunUpdate;
import dev.orchestra.schemas.Graph;
import dev.orchestra.schemas.HistoryResponse;
import dev.orchestra.schemas.Limits;
import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.schemas.Paging;
import dev.orchestra.schemas.RunPages;
import dev.orchestra.schemas.StateCreate;
import dev.orchestra.schemas.ValidationException;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.schemas.sorting.FlowRunSort;
import dev.orchestra.service.FlowRunInputService;
import dev.orchestra.service.FlowRunService;
import dev.orchestra.service.HistoryService;
import dev.orchestra.service.OrchestrationService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** Prefect's {@code /flow_runs} router. */
@Path("/api/flow_runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Flow Runs")
public class FlowRunResource {

    /** The filters every flow-run query route takes; unknown top-level keys are ignored, as FastAPI does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowRunFilterRequest")
    public record FilterRequest(Integer limit, Integer offset, FlowRunSort sort, FlowFilter flows,
            FlowRunFilter flowRuns, TaskRunFilter taskRuns, DeploymentFilter deployments, WorkPoolFilter workPools,
            WorkQueueFilter workPoolQueues) {

        static final FilterRequest EMPTY = new FilterRequest(null, null, null, null, null, null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, workPoolQueues);
        }
    }

    /** The filters of the count and lateness routes; unknown top-level keys are ignored, as FastAPI does. */
    @Schema(name = "FlowRunCountRequest")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CountRequest(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments, WorkPoolFilter workPools, WorkQueueFilter workPoolQueues) {

        static final CountRequest EMPTY = new CountRequest(null, null, null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, workPoolQueues);
        }
    }

    /** Starlette's {@code uuid} path convertor: lowercase hex with dashes. */
    private static final java.util.regex.Pattern CANONICAL_UUID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final FlowRunService runs;
    private final OrchestrationService orchestration;
    private final FlowRunInputService inputs;
    private final ObjectMapper mapper;
    private final HistoryService history;
    private final int maxGraphNodes;

    public FlowRunResource(FlowRunService runs, OrchestrationService orchestration, FlowRunInputService inputs,
            HistoryService history, ObjectMapper mapper,
            @ConfigProperty(name = "orchestra.api.max-flow-run-graph-nodes", defaultValue = "10000") int maxGraphNodes) {
        this.history = history;
        this.maxGraphNodes = maxGraphNodes;
        this.runs = runs;
        this.orchestration = orchestration;
        this.inputs = inputs;
        this.mapper = mapper;
    }

    /** The body of {@code POST /flow_runs/{id}/set_state}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "SetStateRequest")
    public record SetStateRequest(@JsonProperty(required = true) StateCreate state, Boolean force) {
    }

    @POST
    @Path("/")
    @Operation(operationId = "create_flow_run_flow_runs__post", summary = "Create Flow Run",
            description = "Creates a flow run and orchestrates its first state; idempotent on flow and idempotency key.")
    @APIResponse(responseCode = "201", description = "The flow run was created.",
            content = @Content(schema = @Schema(implementation = FlowRunResponse.class)))
    @APIResponse(responseCode = "200", description = "A run of the flow with this idempotency key existed: that run.",
            content = @Content(schema = @Schema(implementation = FlowRunResponse.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<FlowRunResponse>> create(FlowRunCreate body,
            @HeaderParam("X-PREFECT-API-VERSION") String apiVersion) {
        return runs.create(Bodies.require(body), OrchestrationParameters.of(apiVersion))
                .map(c -> RestResponse.status(c.isNew() ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        c.run()));
    }

    @POST
    @Path("/{id}/set_state")
    @Operation(operationId = "set_flow_run_state_flow_runs__id__set_state_post", summary = "Set Flow Run State",
            description = "Proposes a new state for a flow run; the orchestration rules accept, reject, delay or abort it.")
    @APIResponse(responseCode = "201", description = "The proposed (or a replacement) state was written.",
            content = @Content(schema = @Schema(implementation = OrchestrationResult.class)))
    @APIResponse(responseCode = "200", description = "No state was written (REJECT, WAIT or ABORT).",
            content = @Content(schema = @Schema(implementation = OrchestrationResult.class)))
    public Uni<RestResponse<OrchestrationResult>> setState(@PathParam("id") String id, SetStateRequest body,
            @HeaderParam("X-PREFECT-API-VERSION") String apiVersion) {
        SetStateRequest b = Bodies.require(body);
        return orchestration.setFlowRunState(Params.pathUuid("id", id), b.state(), Boolean.TRUE.equals(b.force()),
                OrchestrationParameters.of(apiVersion)).map(OrchestrationParameters::response);
    }

    /** The body of {@code POST /flow_runs/{id}/resume}; {@code run_input} is a dict when given. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowRunResumeRequest")
    public record ResumeRequest(JsonNode runInput) {
        public ResumeRequest {
            dev.orchestra.schemas.Objects.requireJsonObject("run_input", runInput);
        }
    }

    /** The body of {@code POST /flow_runs/{id}/input}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowRunInputCreate")
    public record InputCreate(@JsonProperty(required = true) String key, @JsonProperty(required = true) String value,
            String sender) {

        public InputCreate {
            Limits.maxLength("key", key, Limits.TEXT);
        }
    }

    /** The body of {@code POST /flow_runs/{id}/input/filter}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowRunInputFilterRequest")
    public record InputFilter(@JsonProperty(required = true) String prefix, Integer limit, List<String> excludeKeys) {
    }

    @POST
    @Path("/{id}/resume")
    @Operation(operationId = "resume_flow_run_flow_runs__id__resume_post", summary = "Resume Flow Run",
            description = "Resumes a paused flow run, validating the run input it was waiting for.")
    @APIResponse(responseCode = "201", description = "The run was resumed: its new state was written.",
            content = @Content(schema = @Schema(implementation = OrchestrationResult.class)))
    @APIResponse(responseCode = "200", description = "The run was not resumed (REJECT or ABORT).",
            content = @Content(schema = @Schema(implementation = OrchestrationResult.class)))
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<RestResponse<OrchestrationResult>> resume(@PathParam("id") String id, ResumeRequest body,
            @HeaderParam("X-PREFECT-API-VERSION") String apiVersion) {
        return orchestration.resumeFlowRun(Params.pathUuid("id", id), body == null ? null : body.runInput(),
                OrchestrationParameters.of(apiVersion)).map(OrchestrationParameters::response);
    }

    @POST
    @Path("/{id}/input")
    @ResponseStatus(201)
    @Operation(operationId = "create_flow_run_input_flow_runs__id__input_post", summary = "Create Flow Run Input",
            description = "Stores a keyed value for a flow run (how a paused run receives its input).")
    @APIResponse(responseCode = "201", description = "Stored; the body is JSON null.")
    @APIResponse(responseCode = "409", ref = "Conflict")
    public Uni<JsonNode> createInput(@PathParam("id") String id, InputCreate body) {
        InputCreate b = Bodies.require(body);
        return inputs.create(Params.pathUuid("id", id), b.key(), b.value(), b.sender()).map(v -> Bodies.NULL);
    }

    @POST
    @Path("/{id}/input/filter")
    @Operation(operationId = "filter_flow_run_input_flow_runs__id__input_filter_post",
            summary = "Filter Flow Run Input",
            description = "Lists a flow run's inputs whose keys start with a prefix.")
    public Uni<List<FlowRunInput>> filterInput(@PathParam("id") String id, InputFilter body) {
        InputFilter b = Bodies.require(body);
        return inputs.filter(Params.pathUuid("id", id), b.prefix(), b.limit() == null ? 1 : b.limit(),
                b.excludeKeys() == null ? List.of() : b.excludeKeys());
    }

    @GET
    @Path("/{id}/input/{key}")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "read_flow_run_input_flow_runs__id__input__key__get", summary = "Read Flow Run Input",
            description = "Reads the value stored for a flow run under a key, as it was stored.")
    public Uni<String> readInput(@PathParam("id") String id, @PathParam("key") String key) {
        return inputs.read(Params.pathUuid("id", id), key);
    }

    @DELETE
    @Path("/{id}/input/{key}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_flow_run_input_flow_runs__id__input__key__delete",
            summary = "Delete Flow Run Input", description = "Deletes a flow run's input by key.")
    public Uni<Void> deleteInput(@PathParam("id") String id, @PathParam("key") String key) {
        return inputs.delete(Params.pathUuid("id", id), key);
    }

    /** The body of the history route; unknown top-level keys are ignored, as FastAPI does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowRunHistoryRequest")
    public record HistoryRequest(@JsonProperty(required = true) OffsetDateTime historyStart,
            @JsonProperty(required = true) OffsetDateTime historyEnd,
            @JsonProperty(required = true) Double historyIntervalSeconds, FlowFilter flows, FlowRunFilter flowRuns,
            TaskRunFilter taskRuns, DeploymentFilter deployments, WorkPoolFilter workPools, WorkQueueFilter workQueues) {
    }

    @POST
    @Path("/history")
    @Operation(operationId = "flow_run_history_flow_runs_history_post", summary = "Flow Run History",
            description = "Counts the filtered flow runs by state in consecutive time intervals (at most 500).")
    public Uni<List<HistoryResponse>> history(HistoryRequest body) {
        HistoryRequest b = Bodies.require(body);
        return history.flowRuns(b.historyStart(), b.historyEnd(), b.historyIntervalSeconds(),
                new EntityFilters(b.flows(), b.flowRuns(), b.taskRuns(), b.deployments(), b.workPools(), b.workQueues()));
    }

    @GET
    @Path("/{id}/graph")
    @Operation(operationId = "read_flow_run_graph_v1_flow_runs__id__graph_get", summary = "Read Flow Run Graph V1",
            description = "Lists a flow run's task runs with their upstream task-run dependencies.")
    public Uni<List<DependencyResult>> graph(@PathParam("id") String id) {
        return runs.graph(Params.pathUuid("id", id));
    }

    @GET
    @Path("/{id}/graph-v2")
    @Operation(operationId = "read_flow_run_graph_v2_flow_runs__id__graph_v2_get", summary = "Read Flow Run Graph V2",
            description = "The graph of a flow run's task runs and subflow runs, optionally only those changed since a time.")
    public Uni<Graph> graphV2(@PathParam("id") String id, @QueryParam("since") String since) {
        if (!CANONICAL_UUID.matcher(id).matches()) {
            // Prefect declares this path as {id:uuid}: any other id matches no route
            throw PrefectHttpException.notFound("Not Found");
        }
        OffsetDateTime from;
        try {
            from = since == null ? OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC)
                    : dev.orchestra.config.Timestamps.parse(since);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of(List.of("query", "since"), "invalid datetime format",
                    "value_error.datetime");
        }
        return runs.graphV2(Params.pathUuid("id", id), from, maxGraphNodes);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "read_flow_run_flow_runs__id__get", summary = "Read Flow Run",
            description = "Reads a flow run by id.")
    public Uni<FlowRunResponse> read(@PathParam("id") String id) {
        return runs.read(Params.pathUuid("id", id));
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_flow_runs_flow_runs_filter_post", summary = "Read Flow Runs",
            description = "Lists the flow runs that match the filters, sorted and paged.")
    public Uni<List<FlowRunResponse>> filter(@RequestBody(required = false) FilterRequest body) {
        FilterRequest b = body == null ? FilterRequest.EMPTY : body;
        return runs.filter(b.filters(), b.sort(), Paging.limit(b.limit()), Paging.offset(b.offset()));
    }

    /**
     * The body of the paginate route (Prefect 3): {@code page} (from 1) or {@code cursor} (a previous answer's
     * {@code next_cursor}); unknown top-level keys are ignored, as FastAPI does.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowRunPaginateRequest")
    public record PaginateRequest(Integer limit, Long page, String cursor, FlowRunSort sort, FlowFilter flows,
            FlowRunFilter flowRuns, TaskRunFilter taskRuns, DeploymentFilter deployments, WorkPoolFilter workPools,
            WorkQueueFilter workPoolQueues) {

        static final PaginateRequest EMPTY = new PaginateRequest(null, null, null, null, null, null, null, null, null, null);

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, workPoolQueues);
        }
    }

    @POST
    @Path("/paginate")
    @Operation(operationId = "paginate_flow_runs_flow_runs_paginate_post", summary = "Paginate Flow Runs",
            description = "Prefect 3's pagination of flow runs: a page by number ({@code page}, from 1) or, with"
                    + " {@code cursor} (the {@code next_cursor} of the previous answer), the page after that answer's"
                    + " last run, found by its sort key and id: as cheap at any depth, and stable when runs are"
                    + " added. Runs sort by the requested sort, then by id.")
    @APIResponse(responseCode = "200", description = "The page",
            content = @Content(schema = @Schema(implementation = RunPages.FlowRunPaginationResponse.class)))
    @APIResponse(responseCode = "422", description = "Invalid limit, page, sort or cursor")
    public Uni<RunPages.FlowRunPaginationResponse> paginate(PaginateRequest body) {
        PaginateRequest b = body == null ? PaginateRequest.EMPTY : body;
        return runs.paginate(b.filters(), b.sort(), Paging.limit(b.limit()), b.page(), b.cursor());
    }

    @POST
    @Path("/count")
    @Operation(operationId = "count_flow_runs_flow_runs_count_post", summary = "Count Flow Runs",
            description = "Counts the flow runs that match the filters.")
    public Uni<Long> count(@RequestBody(required = false) CountRequest body) {
        return runs.count((body == null ? CountRequest.EMPTY : body).filters());
    }

    @POST
    @Path("/lateness")
    @Operation(operationId = "average_flow_run_lateness_flow_runs_lateness_post",
            summary = "Average Flow Run Lateness",
            description = "The average lateness in seconds of the flow runs that match the filters.")
    @APIResponse(responseCode = "200", description = "Seconds, or null when no run matches.",
            content = @Content(schema = @Schema(type = SchemaType.NUMBER, nullable = true)))
    public Uni<JsonNode> lateness(@RequestBody(required = false) CountRequest body) {
        return runs.lateness((body == null ? CountRequest.EMPTY : body).filters())
                .map(v -> v == null ? Bodies.NULL : mapper.getNodeFactory().numberNode(v));
    }

    @PATCH
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "update_flow_run_flow_runs__id__patch", summary = "Update Flow Run",
            description = "Changes the fields the body names; the others keep their values.")
    @APIResponse(responseCode = "204", description = "Updated.")
    public Uni<Void> update(@PathParam("id") String id,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FlowRunUpdate.class))) ObjectNode body) {
        ObjectNode b = Bodies.require(body);
        return runs.update(Params.pathUuid("id", id), b, Bodies.bind(mapper, b, FlowRunUpdate.class));
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_flow_run_flow_runs__id__delete", summary = "Delete Flow Run",
            description = "Deletes a flow run with its states, task runs and inputs.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    public Uni<Void> delete(@PathParam("id") String id) {
        return runs.delete(Params.pathUuid("id", id));
    }

}
