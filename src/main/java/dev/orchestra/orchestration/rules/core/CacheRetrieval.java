package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** A task run about to run whose cache key has an unexpired COMPLETED state is rejected into a copy of it named "Cached" (unless refresh_cache is set). */
public final class CacheRetrieval extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.RUNNING);

    public CacheRetrieval(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
        String key = proposed.stateDetails().cacheKey();
        if (key == null || Boolean.TRUE.equals(proposed.stateDetails().refreshCache())) {
            return Uni.createFrom().voidItem();
        }
        return ctx.store().cachedState(key, ctx.now()).invoke(cached -> {
            if (cached != null) {
                State copy = new State(UUID.randomUUID(), cached.type(), "Cached", ctx.now(), cached.message(),
                        cached.data(), cached.stateDetails());
                rejectTransition(copy, "Retrieved state from cache");
            }
        }).replaceWithVoid();
    }
}
