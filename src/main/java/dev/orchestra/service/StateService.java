package dev.orchestra.service;

import dev.orchestra.errors.NotFound;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.StateRepository;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The state history routes ({@code /flow_run_states}, {@code /task_run_states}). */
@ApplicationScoped
public class StateService {

    private final StateRepository states;

    public StateService(StateRepository states) {
        this.states = states;
    }

    public Uni<State> flowRunState(UUID id) {
        return states.flowRunState(id).onItem().ifNull()
                .failWith(() -> new NotFound("Flow run state not found")).map(RunMapper::state);
    }

    /** Prefect's task run state route answers a missing state with the flow run's wording; kept as it is. */
    public Uni<State> taskRunState(UUID id) {
        return states.taskRunState(id).onItem().ifNull()
                .failWith(() -> new NotFound("Flow run state not found")).map(RunMapper::state);
    }

    public Uni<List<State>> flowRunStates(UUID flowRunId) {
        return states.flowRunStates(flowRunId).map(l -> l.stream().map(RunMapper::state).toList());
    }

    public Uni<List<State>> taskRunStates(UUID taskRunId) {
        return states.taskRunStates(taskRunId).map(l -> l.stream().map(RunMapper::state).toList());
    }
}
