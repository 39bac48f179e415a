package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;

/** A failing task run with retries left (and not marked non-retriable) is rejected into AwaitingRetry after its retry delay: the delay for this attempt from a list, with optional jitter. */
public final class RetryFailedTasks extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.of(StateType.RUNNING);
    private static final StateTypes TO = StateTypes.of(StateType.FAILED);

    public RetryFailedTasks(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
        int runCount = ctx.run().runCount;
        List<Double> delays = ctx.policy().retryDelays();
        double base = delays.isEmpty() ? 0 : delays.get(Math.max(0, Math.min(runCount - 1, delays.size() - 1)));
        Double jitter = ctx.policy().retryJitterFactor();
        double delay = jitter != null && jitter > 0 ? Jitter.clampedPoissonInterval(base, jitter) : base;
        if (Boolean.FALSE.equals(proposed.stateDetails().retriable())) {
            return Uni.createFrom().voidItem();
        }
        Integer retries = ctx.policy().retries();
        if (retries != null && runCount <= retries) {
            OffsetDateTime scheduled = ctx.now().plusNanos((long) (delay * 1_000_000_000L));
            rejectTransition(AwaitingRetry.state(scheduled, proposed, ctx.now()), "Retrying");
        }
        return Uni.createFrom().voidItem();
    }
}
