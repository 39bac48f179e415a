package dev.orchestra.orchestration.rules.core;

import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.SlotTicket;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.orchestration.TaskOrchestrationContext;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A task run entering RUNNING takes a slot on every tag limit of its tags: WAIT (the configured delay, 30 s by
 * default) when one is full, ABORT when one is 0 (the last such limit in tag order decides, as in Prefect). Unlike
 * Prefect 2.14.21, a run that must wait keeps no slot it took on other tags; a fizzled rule gives its slots back.
 *
 * <p>Beyond Prefect, when slot queues are on ({@link TaskOrchestrationContext#slotQueuePlaceSeconds()}): a refused
 * run takes a place in the queue of each full tag, and a free slot goes to the places in the order their runs were
 * first refused, so a run is admitted on a tag only when the free slots outnumber the live places ahead of it
 * there. A run's places share one number, so no two runs stand each ahead of the other on different tags (which
 * would starve both). The queues are read and written under the limit rows' locks, so this holds across server
 * instances.
 */
public final class SecureTaskConcurrencySlots extends OrchestrationRule<TaskOrchestrationContext> {

    private static final StateTypes FROM = StateTypes.ALL;
    private static final StateTypes TO = StateTypes.of(StateType.RUNNING);

    private final List<String> appliedTags = new ArrayList<>();

    public SecureTaskConcurrencySlots(TaskOrchestrationContext context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
        return ctx.store().lockLimits(ctx.run().tags).chain(limits -> {
            if (limits.isEmpty() || ctx.slotQueuePlaceSeconds() == null) {
                return secure(ctx, limits, null);
            }
            return ctx.store().slotTickets(ctx.run().tags, ctx.now()).chain(tickets -> secure(ctx, limits, tickets));
        });
    }

    /** Decides on the locked limits; {@code tickets} is null when slot queues are off. */
    private Uni<Void> secure(TaskOrchestrationContext ctx, List<ConcurrencyLimitEntity> limits,
            List<SlotTicket> tickets) {
        String slot = ctx.run().id.toString();
        List<ConcurrencyLimitEntity> taken = new ArrayList<>();
        List<String> fullTags = new ArrayList<>();
        // as in Prefect, every limit is looked at in tag order and the last zero or full one decides
        ConcurrencyLimitEntity blocking = null;
        for (ConcurrencyLimitEntity limit : limits) {
            if (limit.concurrencyLimit == 0) {
                blocking = limit;
            } else if (limit.activeSlots.contains(slot)) {
                taken.add(limit);
            } else if (limit.concurrencyLimit - limit.activeSlots.size() <= placesAhead(tickets, limit.tag,
                    ctx.run().id)) {
                blocking = limit;
                fullTags.add(limit.tag);
            } else {
                taken.add(limit);
            }
        }
        if (blocking != null) {
            if (blocking.concurrencyLimit == 0) {
                abortTransition("The concurrency limit on tag \"" + blocking.tag + "\" is 0 and will deadlock"
                        + " if the task tries to run again.");
                return Uni.createFrom().voidItem();
            }
            delayTransition(ctx.slotWaitSeconds(), "Concurrency limit for the " + blocking.tag
                    + " tag has been reached");
            ctx.waitForSlots(fullTags);
            if (tickets == null) {
                return Uni.createFrom().voidItem();
            }
            return ctx.store().queueForSlots(ctx.run().id, fullTags, ctx.now(),
                    ctx.now().plusSeconds(ctx.slotQueuePlaceSeconds()));
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
        if (tickets != null && tickets.stream().anyMatch(t -> t.taskRunId().equals(ctx.run().id))) {
            chain = chain.chain(() -> ctx.store().leaveSlotQueues(ctx.run().id, false));
        }
        return chain;
    }

    /**
     * The live places on the tag ahead of the run: all of them when it has no place yet, else those with a lower
     * number than its own (a run has one number on all its tags).
     */
    private static int placesAhead(List<SlotTicket> tickets, String tag, UUID runId) {
        if (tickets == null) {
            return 0;
        }
        long own = Long.MAX_VALUE;
        for (SlotTicket t : tickets) {
            if (t.taskRunId().equals(runId)) {
                own = Math.min(own, t.seq());
            }
        }
        int ahead = 0;
        for (SlotTicket t : tickets) {
            if (t.tag().equals(tag) && t.seq() < own) {
                ahead++;
            }
        }
        return ahead;
    }

    @Override
    protected Uni<Void> cleanup(State initial, State validated, TaskOrchestrationContext ctx) {
        return ReleaseTaskConcurrencySlots.release(ctx, appliedTags);
    }
}
