package dev.orchestra.service;

import dev.orchestra.config.SlotWaitersConfig;
import dev.orchestra.persistence.SlotQueues;
import dev.orchestra.persistence.SlotReleaseListener;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Slot waiters (beyond Prefect): holds the answer of a task run's set_state while the run waits for a tag
 * concurrency slot, and tries again as soon as a slot on one of its full tags is released, by any instance.
 *
 * <p>Nothing blocks and nothing is held while waiting: each try is a transaction of its own (the slot accounting
 * and the arrival-order queues stay in {@code SecureTaskConcurrencySlots}, under the limit rows' locks), and between
 * tries the request is only a registration here, woken by the database's release notifications
 * ({@link SlotReleaseListener}), by a recheck timer, or by the end of the hold. A held request whose client goes
 * away leaves its queues (after a try still in flight has finished), and gives back nothing else.
 */
@ApplicationScoped
public class SlotWaiters {

    private static final Logger LOG = Logger.getLogger(SlotWaiters.class);
    /** The WAIT delay answered when a hold ends without a slot: the client asks again almost at once. */
    static final int DELAY_AFTER_HOLD_SECONDS = 1;
    /** How long a place outlives the hold that took it, so the client's next try (after the delay) keeps it. */
    static final int PLACE_GRACE_SECONDS = 10;
    /** The recheck interval while the release channel is not listened to. */
    private static final long UNLISTENED_RECHECK_MILLIS = 1000;

    private final SlotWaitersConfig config;
    private final Vertx vertx;
    private final Pool pool;
    private final SlotReleaseListener listener;

    /** Counts releases seen; a waiter remembers the count before its try to know whether it missed one. */
    private final AtomicLong releases = new AtomicLong();
    private final Map<String, Long> lastReleaseByTag = new ConcurrentHashMap<>();
    private volatile long lastResubscription;
    private volatile boolean listening;
    private final Map<String, Set<Waiter>> waitersByTag = new ConcurrentHashMap<>();

    public SlotWaiters(SlotWaitersConfig config, Vertx vertx, Pool pool, SlotReleaseListener listener) {
        this.config = config;
        this.vertx = vertx;
        this.pool = pool;
        this.listener = listener;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            listener.start(this::released, this::subscribed, () -> listening = false);
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The WAIT delay the slot rule answers: Prefect's configured wait when off, a short one after a hold. */
    public int waitSeconds(int prefectWaitSeconds) {
        return config.enabled() ? DELAY_AFTER_HOLD_SECONDS : prefectWaitSeconds;
    }

    /** How long a refused run keeps its place in a tag's queue. */
    public int placeSeconds() {
        return Math.max(config.maxHoldSeconds(), 0) + DELAY_AFTER_HOLD_SECONDS + PLACE_GRACE_SECONDS;
    }

    /** Whether the release channel is listened to (tests and health). */
    public boolean listening() {
        return listening;
    }

    /**
     * Runs {@code attempt} until {@code waitingOn} names no tag (the run got its slots, or its answer is not a
     * slot WAIT) or the hold's time is up, waiting between tries for a release on the tags it names.
     */
    public <T> Uni<T> hold(UUID taskRunId, Supplier<Uni<T>> attempt, Function<T, List<String>> waitingOn) {
        Hold hold = new Hold(taskRunId);
        long deadline = System.nanoTime() + Math.max(config.maxHoldSeconds(), 0) * 1_000_000_000L;
        return tryAgain(hold, attempt, waitingOn, deadline).onCancellation().invoke(hold::abandon);
    }

    private <T> Uni<T> tryAgain(Hold hold, Supplier<Uni<T>> attempt, Function<T, List<String>> waitingOn,
            long deadline) {
        long seen = releases.get();
        return hold.detached(attempt.get()).chain(result -> {
            List<String> tags = waitingOn.apply(result);
            long left = deadline - System.nanoTime();
            if (tags.isEmpty() || left <= 0) {
                return Uni.createFrom().item(result);
            }
            long recheck = listening ? config.recheckSeconds() * 1000L : UNLISTENED_RECHECK_MILLIS;
            long wait = Math.max(1, Math.min(left / 1_000_000, recheck));
            return awaitRelease(tags, seen, wait).chain(() -> tryAgain(hold, attempt, waitingOn, deadline));
        });
    }

    /** Completes on a release on one of the tags after {@code seen}, or after {@code millis}. */
    private Uni<Void> awaitRelease(List<String> tags, long seen, long millis) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(emitter, Vertx.currentContext());
            for (String tag : tags) {
                waitersByTag.compute(tag, (k, set) -> {
                    Set<Waiter> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                    s.add(waiter);
                    return s;
                });
            }
            long timer = vertx.setTimer(millis, id -> waiter.wake());
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                for (String tag : tags) {
                    waitersByTag.computeIfPresent(tag, (k, set) -> {
                        set.remove(waiter);
                        return set.isEmpty() ? null : set;
                    });
                }
            });
            // a release between the try's start and this registration is not missed
            if (lastResubscription > seen || tags.stream().anyMatch(t -> lastReleaseByTag.getOrDefault(t, -1L) > seen)) {
                waiter.wake();
            }
        });
    }

    private void released(String tag) {
        lastReleaseByTag.put(tag, releases.incrementAndGet());
        Set<Waiter> set = waitersByTag.get(tag);
        if (set != null) {
            set.forEach(Waiter::wake);
        }
    }

    /** (Re)subscribed: releases may have been missed while not listening, so every waiter looks again. */
    private void subscribed() {
        lastResubscription = releases.incrementAndGet();
        listening = true;
        waitersByTag.values().forEach(set -> set.forEach(Waiter::wake));
    }

    /** One registration between two tries; woken at most once, on the request's own Vert.x context. */
    private static final class Waiter {
        private final UniEmitter<? super Void> emitter;
        private final Context context;
        private final AtomicBoolean woken = new AtomicBoolean();

        Waiter(UniEmitter<? super Void> emitter, Context context) {
            this.emitter = emitter;
            this.context = context;
        }

        void wake() {
            if (woken.compareAndSet(false, true)) {
                if (context != null) {
                    context.runOnContext(v -> emitter.complete(null));
                } else {
                    emitter.complete(null);
                }
            }
        }
    }

    /** One held request: its try in flight, so that a client going away leaves the queues only after it. */
    private final class Hold {
        private final UUID taskRunId;
        private volatile CompletableFuture<?> inFlight = CompletableFuture.completedFuture(null);

        Hold(UUID taskRunId) {
            this.taskRunId = taskRunId;
        }

        /** The try runs to its end (commit or rollback) even if the request is cancelled meanwhile. */
        <T> Uni<T> detached(Uni<T> attempt) {
            CompletableFuture<T> future = attempt.subscribeAsCompletionStage();
            inFlight = future;
            return Uni.createFrom().completionStage(future);
        }

        void abandon() {
            inFlight.whenComplete((r, e) -> SlotQueues.leave(pool, taskRunId, true).subscribe().with(
                    done -> LOG.debugf("Task run %s stopped waiting for a slot (its client went away)", taskRunId),
                    error -> LOG.warnf("Task run %s could not leave its slot queues: %s", taskRunId,
                            error.getMessage())));
        }
    }
}
