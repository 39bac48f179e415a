package dev.orchestra.api;

import dev.orchestra.schemas.State;
import dev.orchestra.service.StateService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Prefect's {@code /flow_run_states} and {@code /task_run_states} routers. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

    private final StateService states;

    public StateResource(StateService states) {
        this.states = states;
    }

    @GET
    @Path("/flow_run_states/{id}")
    @Tag(name = "Flow Run States")
    @Operation(operationId = "read_flow_run_state_flow_run_states__id__get", summary = "Read Flow Run State",
            description = "Reads a flow run state by id.")
    public Uni<State> flowRunState(@PathParam("id") String id) {
        return states.flowRunState(Params.pathUuid("id", id));
    }

    @GET
    @Path("/flow_run_states/")
    @Tag(name = "Flow Run States")
    @Operation(operationId = "read_flow_run_states_flow_run_states__get", summary = "Read Flow Run States",
            description = "Lists a flow run's states.")
    public Uni<List<State>> flowRunStates(@QueryParam("flow_run_id") String flowRunId) {
        return states.flowRunStates(Params.queryUuid("flow_run_id", flowRunId));
    }

    @GET
    @Path("/task_run_states/{id}")
    @Tag(name = "Task Run States")
    @Operation(operationId = "read_task_run_state_task_run_states__id__get", summary = "Read Task Run State",
            description = "Reads a task run state by id.")
    public Uni<State> taskRunState(@PathParam("id") String id) {
        return states.taskRunState(Params.pathUuid("id", id));
    }

    @GET
    @Path("/task_run_states/")
    @Tag(name = "Task Run States")
    @Operation(operationId = "read_task_run_states_task_run_states__get", summary = "Read Task Run States",
            description = "Lists a task run's states.")
    public Uni<List<State>> taskRunStates(@QueryParam("task_run_id") String taskRunId) {
        return states.taskRunStates(Params.queryUuid("task_run_id", taskRunId));
    }
}
