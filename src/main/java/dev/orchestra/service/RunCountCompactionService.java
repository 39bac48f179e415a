package dev.orchestra.service;

import dev.orchestra.persistence.RunCountRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the pending deltas of the run counts few: every {@code loop-seconds}, folds them into the compacted
 * counts, batch after batch while full batches come back (at most {@link #MAX_BATCHES_PER_LOOP} a loop). Answers
 * never depend on it (readers add the pending deltas); it keeps their reading cheap. Always on.
 */
@ApplicationScoped
public class RunCountCompactionService {

    private static final Logger LOG = Logger.getLogger(RunCountCompactionService.class);
    static final int MAX_BATCHES_PER_LOOP = 20;

    private final RunCountRepository counts;
    private final Vertx vertx;
    private final double loopSeconds;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();

    public RunCountCompactionService(RunCountRepository counts, Vertx vertx,
            @ConfigProperty(name = "orchestra.services.run-counts.loop-seconds", defaultValue = "1")
            double loopSeconds,
            @ConfigProperty(name = "orchestra.services.run-counts.batch-size", defaultValue = "20000")
            int batchSize) {
        this.counts = counts;
        this.vertx = vertx;
        this.loopSeconds = loopSeconds;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(Math.max(1, (long) (loopSeconds * 1000)), id -> {
            if (running.compareAndSet(false, true)) {
                runOnce().onTermination().invoke(() -> running.set(false)).subscribe().with(
                        folded -> { },
                        error -> LOG.warnf("Run count compaction failed: %s", error.toString()));
            }
        });
    }

    /** Folds pending deltas, a bounded number of batches; answers how many delta rows. */
    public Uni<Integer> runOnce() {
        return loop(0, 0);
    }

    private Uni<Integer> loop(int batches, int folded) {
        return counts.compact(batchSize).chain(n -> n >= batchSize && batches + 1 < MAX_BATCHES_PER_LOOP
                ? loop(batches + 1, folded + n) : Uni.createFrom().item(folded + n));
    }
}
