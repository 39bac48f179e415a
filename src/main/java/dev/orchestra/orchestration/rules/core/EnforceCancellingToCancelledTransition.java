package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** A cancelling (or cancelled) flow run may only become CANCELLED. */
public final class EnforceCancellingToCancelledTransition extends OrchestrationRule<FlowOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.of(StateType.CANCELLED, StateType.CANCELLING);
    private static final StateTypes TO = StateTypes.allBut(StateType.CANCELLED).withNone();

    public EnforceCancellingToCancelledTransition(FlowOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, FlowOrchestrationContext ctx) {
        rejectTransition(null, "Cannot transition flows that are cancelling to a state other than Cancelled.");
        return Uni.createFrom().voidItem();
    }
}
