package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** A task run entering RUNNING takes a slot on every tag limit of its tags: WAIT (the configured delay, 30 s by default) when one is full, ABORT when one is 0 (the last such limit in tag order decides, as in Prefect). Unlike Prefect 2.14.21, a run that must wait keeps no slot it took on other tags; a fizzled rule gives its slots back. */
public final class SecureTaskConcurrencySlots extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.RUNNING);

    private final List<String> appliedTags = new ArrayList<>();

    public SecureTaskConcurrencySlots(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
        String slot = ctx.run().id.toString();
        return ctx.store().lockLimits(ctx.run().tags).chain(limits -> {
            List<ConcurrencyLimitEntity> taken = new ArrayList<>();
            // as in Prefect, every limit is looked at in tag order and the last zero or full one decides
            ConcurrencyLimitEntity blocking = null;
            for (ConcurrencyLimitEntity limit : limits) {
                if (limit.concurrencyLimit == 0
                        || limit.activeSlots.size() >= limit.concurrencyLimit && !limit.activeSlots.contains(slot)) {
                    blocking = limit;
                } else {
                    taken.add(limit);
                }
            }
            if (blocking != null) {
                if (blocking.concurrencyLimit == 0) {
                    abortTransition("The concurrency limit on tag \"" + blocking.tag + "\" is 0 and will deadlock"
                            + " if the task tries to run again.");
                } else {
                    delayTransition(ctx.slotWaitSeconds(), "Concurrency limit for the " + blocking.tag
                            + " tag has been reached");
                }
                return Uni.createFrom().voidItem();
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ConcurrencyLimitEntity limit : taken) {
                if (!limit.activeSlots.contains(slot)) {
                    List<String> slots = new ArrayList<>(limit.activeSlots);
                    slots.add(slot);
                    appliedTags.add(limit.tag);
                    chain = chain.chain(() -> ctx.store().setActiveSlots(limit.id, slots, ctx.now()));
                }
            }
            return chain;
        });
    }

    @Override
    protected Uni<Void> cleanup(State initial, State validated, TaskOrchestrationContext ctx) {
        return ReleaseTaskConcurrencySlots.release(ctx, appliedTags);
    }
}
