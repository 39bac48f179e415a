package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** When a task run's new state is neither RUNNING nor CANCELLING, it gives back the slots it holds on its tags. */
public final class ReleaseTaskConcurrencySlots extends UniversalTransform<TaskOrchestrationContext> {

    @Override
    protected Uni<Void> afterTransition(TaskOrchestrationContext context) {
        State validated = context.validatedState();
        if (context.proposedState() == null || validated == null || validated.type() == StateType.RUNNING
                || validated.type() == StateType.CANCELLING || context.run().tags.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return release(context, context.run().tags);
    }

    /** Removes the run from the active slots of the limits on these tags. */
    static Uni<Void> release(TaskOrchestrationContext context, List<String> tags) {
        String slot = context.run().id.toString();
        return context.store().lockLimits(tags).chain(limits -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConcurrencyLimitEntity limit : limits) {
                if (limit.activeSlots.contains(slot)) {
                    List<String> remaining = new ArrayList<>(limit.activeSlots);
                    remaining.removeIf(slot::equals);
                    chain = chain.chain(() -> context.store().setActiveSlots(limit.id, remaining, context.now()));
                }
            }
            return chain;
        });
    }
}
