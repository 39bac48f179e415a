package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.orchestration.UniversalTransform;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * When a task run's new state is neither RUNNING nor CANCELLING, it gives back the slots it holds on its tags, and
 * (slot queues on) leaves the queues it still waits in, waking the waiters behind it.
 */
public final class ReleaseTaskConcurrencySlots extends UniversalTransform<TaskOrchestrationContext> {

    @Override
    protected Uni<Void> afterTransition(TaskOrchestrationContext context) {
        State validated = context.validatedState();
        if (context.proposedState() == null || validated == null || validated.type() == StateType.RUNNING
                || validated.type() == StateType.CANCELLING || context.run().tags.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return release(context, context.run().tags, context.slotQueuePlaceSeconds() != null);
    }

    /** Removes the run from the active slots of the limits on these tags. */
    static Uni<Void> release(TaskOrchestrationContext context, List<String> tags) {
        return release(context, tags, false);
    }

    private static Uni<Void> release(TaskOrchestrationContext context, List<String> tags, boolean leaveQueues) {
        String slot = context.run().id.toString();
        return context.store().lockLimits(tags).chain(limits -> {
            Uni<Void> chain = leaveQueues && !limits.isEmpty()
                    ? context.store().leaveSlotQueues(context.run().id, true)
                    : Uni.createFrom().voidItem();
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
