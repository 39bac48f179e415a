package dev.orchestra.orchestration;

import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateResponseDetails;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * A rule governing the transitions it declares ({@link #fromStates()} → {@link #toStates()}). A rule is
 * created per transition with the transition's types; on entry it may change the transition through
 * {@link #rejectTransition}, {@link #delayTransition}, {@link #abortTransition} or {@link #renameState};
 * on exit it finishes ({@link #afterTransition}) or, if another rule changed the transition under it,
 * fizzles and undoes its side effects ({@link #cleanup}). A rule whose transition changed before it was
 * entered is invalid and does nothing. Errors on entry abort the transition with the reason (database errors
 * worth a client retry propagate instead).
 *
 * @param <C> the context type the rule works on
 */
public abstract class OrchestrationRule<C extends OrchestrationContext> implements Stage {

    private static final Logger LOG = Logger.getLogger(OrchestrationRule.class);

    protected final C context;
    private final StateTypes fromStates;
    private final StateTypes toStates;
    private final StateType fromStateType;
    private StateType toStateType;
    private Boolean invalidOnEntry;

    /**
     * @param fromStates the initial state types this rule governs (a set that may include "no state")
     * @param toStates the proposed state types this rule governs
     * @param fromStateType the transition's initial state type, null for none
     * @param toStateType the transition's proposed state type, null for none
     */
    protected OrchestrationRule(StateTypes fromStates, StateTypes toStates, C context, StateType fromStateType,
            StateType toStateType) {
        this.fromStates = fromStates;
        this.toStates = toStates;
        this.context = context;
        this.fromStateType = fromStateType;
        this.toStateType = toStateType;
    }

    /** The initial state types this rule governs ({@code null} in the set: no state). */
    public final StateTypes fromStates() {
        return fromStates;
    }

    /** The proposed state types this rule governs. */
    public final StateTypes toStates() {
        return toStates;
    }

    protected Uni<Void> beforeTransition(State initial, State proposed, C ctx) {
        return Uni.createFrom().voidItem();
    }

    protected Uni<Void> afterTransition(State initial, State validated, C ctx) {
        return Uni.createFrom().voidItem();
    }

    protected Uni<Void> cleanup(State initial, State validated, C ctx) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public final boolean governs(StateType from, StateType to) {
        return fromStates().contains(from) && toStates().contains(to);
    }

    @Override
    public final Uni<Void> enter() {
        if (invalid()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> hook;
        try {
            hook = beforeTransition(context.initialState, context.proposedState, context);
        } catch (RuntimeException e) {
            hook = Uni.createFrom().failure(e);
        }
        return hook.onItem().invoke(() -> context.ruleSignature.add(getClass().getSimpleName()))
                // a database error worth a client retry propagates (503), as Prefect's API answers it
                .onFailure(error -> !OrchestrationEngine.retryable(error)).recoverWithUni(error -> {
                    LOG.errorf(error, "Error running before-transition hook in rule %s", getClass().getSimpleName());
                    context.proposedState = null;
                    context.responseStatus = SetStateStatus.ABORT;
                    context.decidedBy = getClass().getSimpleName();
                    context.responseDetails = new StateResponseDetails.Abort(
                            "Aborting orchestration due to error in " + getClass().getSimpleName() + ": !"
                                    + error);
                    context.orchestrationError = error;
                    return Uni.createFrom().voidItem();
                });
    }

    @Override
    public final Uni<Void> exit() {
        if (invalid()) {
            return Uni.createFrom().voidItem();
        }
        if (fizzled()) {
            return cleanup(context.initialState, context.validatedState, context);
        }
        return afterTransition(context.initialState, context.validatedState, context)
                .invoke(() -> context.finalizationSignature.add(getClass().getSimpleName()));
    }

    /** Invalid rules do nothing: the transition is not theirs, or had changed before they were entered. */
    final boolean invalid() {
        if (!fromStates().contains(fromStateType) || !toStates().contains(toStateType)) {
            invalidOnEntry = true;
        }
        if (invalidOnEntry == null) {
            invalidOnEntry = invalidTransition();
        }
        return invalidOnEntry;
    }

    /** A rule fizzles when it was valid on entry but the transition changed under it. */
    final boolean fizzled() {
        return !Boolean.TRUE.equals(invalidOnEntry) && invalidTransition();
    }

    private boolean invalidTransition() {
        return fromStateType != context.initialStateType() || toStateType != context.proposedStateType();
    }

    /**
     * Replaces the proposed state with {@code state} (or, with null, proposes nothing and answers the run's
     * current state), answering REJECT. The rejecting rule does not fizzle.
     */
    protected void rejectTransition(State state, String reason) {
        requireNotValidated();
        if (state == null) {
            if (fromStateType == null) {
                throw new IllegalStateException("The current run has no state; this transition cannot be rejected"
                        + " without providing a new state.");
            }
            toStateType = null;
            context.proposedState = null;
        } else {
            toStateType = state.type();
            context.proposedState = state;
        }
        context.responseStatus = SetStateStatus.REJECT;
        context.decidedBy = getClass().getSimpleName();
        context.responseDetails = new StateResponseDetails.Reject(reason);
    }

    /** Writes no state and tells the client to retry after {@code delaySeconds} (WAIT). */
    protected void delayTransition(int delaySeconds, String reason) {
        requireNotValidated();
        toStateType = null;
        context.proposedState = null;
        context.responseStatus = SetStateStatus.WAIT;
        context.decidedBy = getClass().getSimpleName();
        context.responseDetails = new StateResponseDetails.Wait(delaySeconds, reason);
    }

    /** Writes no state and tells the client to stop (ABORT). */
    protected void abortTransition(String reason) {
        requireNotValidated();
        toStateType = null;
        context.proposedState = null;
        context.responseStatus = SetStateStatus.ABORT;
        context.decidedBy = getClass().getSimpleName();
        context.responseDetails = new StateResponseDetails.Abort(reason);
    }

    /** Renames the proposed state; neither this rule nor others fizzle. */
    protected void renameState(String name) {
        if (context.proposedState != null) {
            context.proposedState = context.proposedState.withName(name);
        }
    }

    /** Passes a value to the rules after this one. */
    protected void updateContextParameters(String key, Object value) {
        context.parameters.put(key, value);
    }

    private void requireNotValidated() {
        if (context.validatedState != null) {
            throw new IllegalStateException("The transition is already validated");
        }
    }
}
