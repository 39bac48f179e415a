package dev.orchestra.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

/**
 * Runs virtual users on the generator's single event loop. Closed loop: each user starts its next iteration
 * as soon as the previous one ended, so throughput is what the server sustains for that many concurrent
 * clients. A failed iteration is counted as an error and its user pauses briefly before going on.
 */
final class Driver {

    private static final long PAUSE_AFTER_ERROR_MS = 50;

    private final Vertx vertx;
    private final Context context;

    Driver(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    /** One iteration of a user; the argument is the user's index. */
    interface Iteration {
        Future<Void> run(int user);
    }

    /**
     * Runs {@code users} closed loops for {@code warmup} + {@code duration}; measures the second part into
     * {@code rec}. Blocks until every user has finished its last iteration.
     */
    void closedLoop(Recorder rec, int users, Duration warmup, Duration duration, Iteration iteration)
            throws InterruptedException {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            long start = System.nanoTime();
            rec.openWindow(start + warmup.toNanos(), start + warmup.toNanos() + duration.toNanos());
            int[] running = {users};
            for (int u = 0; u < users; u++) {
                loop(rec, u, iteration, () -> {
                    if (--running[0] == 0) {
                        done.complete();
                    }
                });
            }
        });
        await(done.future());
    }

    private void loop(Recorder rec, int user, Iteration iteration, Runnable finished) {
        if (System.nanoTime() >= rec.windowEnd()) {
            finished.run();
            return;
        }
        Future<Void> f;
        try {
            f = iteration.run(user);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            long now = System.nanoTime();
            if (ar.succeeded()) {
                rec.iteration(now);
                loop(rec, user, iteration, finished);
            } else {
                Throwable e = ar.cause();
                String type = e instanceof PrefectApi.RequestFailed rf ? rf.type : "iteration";
                rec.error(type, e.getMessage() == null ? e.toString() : e.getMessage(), now);
                vertx.setTimer(PAUSE_AFTER_ERROR_MS, t -> loop(rec, user, iteration, finished));
            }
        });
    }

    /** Runs {@code count} tasks, at most {@code parallel} at a time; fails on the first failure. Blocks. */
    <T> List<T> repeat(int parallel, int count, IntFunction<Future<T>> task) throws InterruptedException {
        Promise<List<T>> done = Promise.promise();
        Object[] results = new Object[count];
        context.runOnContext(v -> {
            int[] next = {0};
            int[] active = {0};
            Runnable[] pump = new Runnable[1];
            pump[0] = () -> {
                while (!done.future().isComplete() && active[0] < parallel && next[0] < count) {
                    int i = next[0]++;
                    active[0]++;
                    task.apply(i).onComplete(ar -> {
                        active[0]--;
                        if (ar.failed()) {
                            done.tryFail(ar.cause());
                            return;
                        }
                        results[i] = ar.result();
                        if (next[0] == count && active[0] == 0) {
                            done.tryComplete(toList(results));
                        } else {
                            pump[0].run();
                        }
                    });
                }
            };
            if (count == 0) {
                done.complete(List.of());
            } else {
                pump[0].run();
            }
        });
        return await(done.future());
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> toList(Object[] results) {
        return new ArrayList<>((List<T>) Arrays.asList(results));
    }

    /** Waits for a future of the event loop from the main thread. */
    static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}
