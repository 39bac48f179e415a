package dev.orchestra.api;

import dev.orchestra.schemas.Flow;
import dev.orchestra.schemas.FlowCreate;
import dev.orchestra.schemas.FlowUpdate;
import dev.orchestra.service.FlowService;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.Paging;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.sorting.FlowSort;
import io.smallrye.mutiny.Uni;
import java.util.List;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** Prefect's {@code /flows} router. */
@Path("/api/flows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Flows")
public class FlowResource {

    private final FlowService flows;

    public FlowResource(FlowService flows) {
        this.flows = flows;
    }

    @POST
    @Path("/")
    @Operation(operationId = "create_flow_flows__post", summary = "Create Flow",
            description = "Creates a flow; a flow of the same name already there is returned instead.")
    @APIResponse(responseCode = "201", description = "The flow was created.",
            content = @Content(schema = @Schema(implementation = Flow.class)))
    @APIResponse(responseCode = "200", description = "A flow of that name existed: that flow.",
            content = @Content(schema = @Schema(implementation = Flow.class)))
    public Uni<RestResponse<Flow>> create(FlowCreate body) {
        Bodies.require(body);
        return flows.create(body).map(c -> RestResponse.status(c.isNew() ? RestResponse.Status.CREATED
                : RestResponse.Status.OK, c.flow()));
    }

    /** The body of {@code POST /flows/filter}; unknown top-level keys are ignored, as FastAPI does. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowFilterRequest")
    public record FilterRequest(Integer limit, Integer offset, FlowFilter flows, FlowRunFilter flowRuns,
            TaskRunFilter taskRuns, DeploymentFilter deployments, WorkPoolFilter workPools, FlowSort sort) {

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, null);
        }
    }

    /** The body of {@code POST /flows/count}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @Schema(name = "FlowCountRequest")
    public record CountRequest(FlowFilter flows, FlowRunFilter flowRuns, TaskRunFilter taskRuns,
            DeploymentFilter deployments, WorkPoolFilter workPools) {

        EntityFilters filters() {
            return new EntityFilters(flows, flowRuns, taskRuns, deployments, workPools, null);
        }
    }

    @POST
    @Path("/filter")
    @Operation(operationId = "read_flows_flows_filter_post", summary = "Read Flows",
            description = "Lists the flows that match the filters, sorted and paged.")
    public Uni<List<Flow>> filter(@RequestBody(required = false) FilterRequest body) {
        FilterRequest b = body == null ? new FilterRequest(null, null, null, null, null, null, null, null) : body;
        return flows.filter(b.filters(), b.sort() == null ? FlowSort.NAME_ASC : b.sort(), Paging.limit(b.limit()),
                Paging.offset(b.offset()));
    }

    @POST
    @Path("/count")
    @Operation(operationId = "count_flows_flows_count_post", summary = "Count Flows",
            description = "Counts the flows that match the filters.")
    public Uni<Long> count(@RequestBody(required = false) CountRequest body) {
        CountRequest b = body == null ? new CountRequest(null, null, null, null, null) : body;
        return flows.count(b.filters());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "read_flow_flows__id__get", summary = "Read Flow",
            description = "Reads a flow by id.")
    public Uni<Flow> read(@PathParam("id") String id) {
        return flows.read(Params.pathUuid("id", id));
    }

    @GET
    @Path("/name/{name}")
    @Operation(operationId = "read_flow_by_name_flows_name__name__get", summary = "Read Flow By Name",
            description = "Reads a flow by name.")
    public Uni<Flow> readByName(@PathParam("name") String name) {
        return flows.readByName(name);
    }

    @PATCH
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "update_flow_flows__id__patch", summary = "Update Flow",
            description = "Changes a flow's tags.")
    public Uni<Void> update(@PathParam("id") String id, FlowUpdate body) {
        Bodies.require(body);
        return flows.update(Params.pathUuid("id", id), body);
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(operationId = "delete_flow_flows__id__delete", summary = "Delete Flow",
            description = "Deletes a flow with its runs and deployments.")
    public Uni<Void> delete(@PathParam("id") String id) {
        return flows.delete(Params.pathUuid("id", id));
    }
}
