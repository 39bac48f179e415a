package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** A run may not start before its scheduled time: WAIT for the seconds left. */
public final class WaitForScheduledTime<C extends OrchestrationContext> extends OrchestrationRule<C> {

    private static final StateTypes FROM = StateTypes.of(StateType.SCHEDULED, StateType.PENDING);
    private static final StateTypes TO = StateTypes.of(StateType.RUNNING);

    public WaitForScheduledTime(C context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, C ctx) {
        var scheduled = initial.stateDetails().scheduledTime();
        if (scheduled != null) {
            Duration delay = Duration.between(ctx.now(), scheduled);
            // whole seconds, plus one when the fraction is over half a second (Python's round() of it)
            long seconds = delay.isNegative() ? 0 : delay.getSeconds() + (delay.getNano() / 1000 > 500_000 ? 1 : 0);
            if (seconds > 0) {
                delayTransition((int) Math.min(Integer.MAX_VALUE, seconds), "Scheduled time is in the future");
            }
        }
        return Uni.createFrom().voidItem();
    }
}
