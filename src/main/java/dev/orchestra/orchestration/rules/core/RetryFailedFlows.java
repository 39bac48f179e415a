package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.ApiVersions;
import dev.orchestra.orchestration.FlowOrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A failing flow run with retries left is rejected into AwaitingRetry after its retry delay (its pause bookkeeping is reset); for clients before API 0.8.3 its failed task runs are rescheduled too. */
public final class RetryFailedFlows extends OrchestrationRule<FlowOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.of(StateType.RUNNING);
    private static final StateTypes TO = StateTypes.of(StateType.FAILED);

    public RetryFailedFlows(FlowOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, FlowOrchestrationContext ctx) {
        Integer retries = ctx.policy().retries();
        if (retries == null || ctx.run().runCount > retries) {
            return Uni.createFrom().voidItem();
        }
        int delay = ctx.policy().retryDelay() == null ? 0 : ctx.policy().retryDelay();
        OffsetDateTime scheduled = ctx.now().plusSeconds(delay);
        Uni<Void> oldClientTaskRetries = ApiVersions.before083(ctx) ? retryFailedTaskRuns(ctx, scheduled)
                : Uni.createFrom().voidItem();
        return oldClientTaskRetries.invoke(() -> {
            if (ApiVersions.atLeast084(ctx)) {
                ctx.updatePolicy(ctx.policy().withResuming(false).withPauseKeys(List.of()));
            }
            rejectTransition(AwaitingRetry.state(scheduled, proposed, ctx.now()), "Retrying");
        });
    }

    /** Clients before API 0.8.3 rerun a retried flow's failed task runs only if the server reschedules them. */
    private static Uni<Void> retryFailedTaskRuns(FlowOrchestrationContext ctx, OffsetDateTime scheduled) {
        return ctx.store().failedTaskRuns(ctx.run().id).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : ids) {
                chain = chain.chain(() -> ctx.store().retryTaskRun(id, AwaitingRetry.state(scheduled, ctx.now())));
            }
            return chain;
        });
    }
}
