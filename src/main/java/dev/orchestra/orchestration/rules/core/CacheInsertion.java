package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/** A COMPLETED task state with a cache key is cached under it once validated, until its cache expiration. */
public final class CacheInsertion extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.COMPLETED);

    public CacheInsertion(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> afterTransition(State initial, State validated, TaskOrchestrationContext ctx) {
        if (validated == null || validated.stateDetails().cacheKey() == null) {
            return Uni.createFrom().voidItem();
        }
        return ctx.store().cacheState(validated.stateDetails().cacheKey(), validated.stateDetails().cacheExpiration(),
                validated.id(), ctx.now());
    }
}
