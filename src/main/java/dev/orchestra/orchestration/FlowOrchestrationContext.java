package dev.orchestra.orchestration;

import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.State;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.Map;

/** A flow run's transition. Its run policy is kept typed and written back by the validator. */
public final class FlowOrchestrationContext extends OrchestrationContext {

    private final FlowRunEntity run;
    private FlowRunPolicy policy;

    public FlowOrchestrationContext(OrchestrationStore store, OffsetDateTime now, boolean force, FlowRunEntity run,
            FlowRunPolicy policy, State initialState, State proposedState, Map<String, Object> parameters) {
        super(store, now, force, initialState, proposedState, parameters);
        this.run = run;
        this.policy = policy;
    }

    @Override
    public FlowRunEntity run() {
        return run;
    }

    @Override
    Uni<Void> writeState(State state) {
        return store().commitFlowRunState(this, state);
    }

    @Override
    Uni<Void> writeRun() {
        return store().updateFlowRun(this);
    }

    public FlowRunPolicy policy() {
        return policy;
    }

    /** Changes the run's retry/pause policy (a named context operation; the validator persists it). */
    public void updatePolicy(FlowRunPolicy newPolicy) {
        this.policy = newPolicy;
        runChanged();
    }
}
