package dev.orchestra.orchestration;

import dev.orchestra.persistence.entity.RunEntity;
import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateResponseDetails;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One proposed state transition of a run while the engine governs it: the initial, proposed and validated
 * states (immutable), the response being built, and the run's row as the bookkeeping transforms update it.
 * Rules change it only through the operations of {@link OrchestrationRule}.
 */
public abstract sealed class OrchestrationContext permits FlowOrchestrationContext, TaskOrchestrationContext {

    private final OrchestrationStore store;
    private final OffsetDateTime now;
    private final boolean force;
    final State initialState;
    State proposedState;
    State validatedState;
    /** Whether the validator wrote a new state (201) or not (200). */
    boolean stateWritten;
    /**
     * Whether a rule changed the run since the validator last wrote it, so the engine writes it once more: after
     * the state was written, or when no state is written at all (Prefect's session keeps such changes too).
     */
    boolean runChangedSinceWrite;
    /** Whether writing the validated state failed (the transaction may refuse further statements). */
    boolean writeFailed;
    SetStateStatus responseStatus = SetStateStatus.ACCEPT;
    StateResponseDetails responseDetails = StateResponseDetails.ACCEPT;
    /** The rule (simple class name) that last changed the answer from ACCEPT; null while it is ACCEPT. */
    String decidedBy;
    Throwable orchestrationError;
    final Map<String, Object> parameters = new HashMap<>();
    final List<String> ruleSignature = new ArrayList<>();
    final List<String> finalizationSignature = new ArrayList<>();

    OrchestrationContext(OrchestrationStore store, OffsetDateTime now, boolean force, State initialState,
            State proposedState, Map<String, Object> parameters) {
        this.store = store;
        this.now = now;
        this.force = force;
        this.initialState = initialState;
        this.proposedState = proposedState;
        if (parameters != null) {
            this.parameters.putAll(parameters);
        }
    }

    /** The run's row; only bookkeeping transforms and the validator change it. */
    public abstract RunEntity run();

    /** The single writer: stores the validated state and the run's new values. */
    abstract Uni<Void> writeState(State state);

    /** Stores the run's values once more (after-transition hooks changed them). */
    abstract Uni<Void> writeRun();

    public OrchestrationStore store() {
        return store;
    }

    /** The time of this transition (from the injected clock). */
    public OffsetDateTime now() {
        return now;
    }

    public boolean force() {
        return force;
    }

    public State initialState() {
        return initialState;
    }

    public State proposedState() {
        return proposedState;
    }

    public State validatedState() {
        return validatedState;
    }

    public StateType initialStateType() {
        return initialState == null ? null : initialState.type();
    }

    public StateType proposedStateType() {
        return proposedState == null ? null : proposedState.type();
    }

    public SetStateStatus responseStatus() {
        return responseStatus;
    }

    public StateResponseDetails responseDetails() {
        return responseDetails;
    }

    /** The rule that decided a REJECT, WAIT or ABORT (its simple class name); null for an ACCEPT. */
    public String decidedBy() {
        return decidedBy;
    }

    public Throwable orchestrationError() {
        return orchestrationError;
    }

    public boolean stateWritten() {
        return stateWritten;
    }

    public Object parameter(String key) {
        return parameters.get(key);
    }

    public List<String> ruleSignature() {
        return List.copyOf(ruleSignature);
    }

    public List<String> finalizationSignature() {
        return List.copyOf(finalizationSignature);
    }

    /** Notes a change to the run through a named operation; the engine makes sure it is written. */
    protected void runChanged() {
        runChangedSinceWrite = true;
    }

    /** Replaces the proposed state (bookkeeping transforms that annotate it use this). */
    public void replaceProposedState(State state) {
        this.proposedState = state;
    }

    /** The API version the client sent, or null (the latest) when it sent none. */
    public int[] apiVersion() {
        Object v = parameters.get("api-version");
        return v instanceof int[] version ? version : null;
    }
}
