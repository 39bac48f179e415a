package dev.orchestra.service;

import dev.orchestra.config.ServicesConfig;
import dev.orchestra.persistence.RunCountRepository;
import dev.orchestra.service.background.LoopService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the pending deltas of the run counts few: every {@code loop-seconds}, folds them into the compacted
 * counts, batch after batch while full batches come back (at most {@link #MAX_BATCHES_PER_LOOP} a loop). Answers
 * never depend on it (readers add the pending deltas); it keeps their reading cheap, vacuuming the delta tables
 * every few seconds too. Always on, on one instance
 * at a time ({@link LoopService}; concurrent compactions would also be safe: each takes an advisory lock).
 */
@ApplicationScoped
public class RunCountCompactionService implements LoopService {

    static final int MAX_BATCHES_PER_LOOP = 20;
    /** How often, at most, the delta tables are vacuumed after a fold (their dead rows slow every reader). */
    static final long VACUUM_EVERY_NANOS = 5_000_000_000L;

    private long lastVacuum = System.nanoTime() - VACUUM_EVERY_NANOS;
    /** Whether deltas were folded since the last vacuum. */
    private boolean unvacuumed;

    private final RunCountRepository counts;
    private final ServicesConfig.Loop settings;
    private final int batchSize;

    public RunCountCompactionService(RunCountRepository counts,
            @ConfigProperty(name = "orchestra.services.run-counts.loop-seconds", defaultValue = "1")
            double loopSeconds,
            @ConfigProperty(name = "orchestra.services.run-counts.batch-size", defaultValue = "20000")
            int batchSize) {
        this.counts = counts;
        this.settings = new LoopService.Every(true, loopSeconds);
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "RunCountCompaction";
    }

    @Override
    public ServicesConfig.Loop settings() {
        return settings;
    }

    /** Folds pending deltas, a bounded number of batches; answers how many delta rows. */
    @Override
    public Uni<Integer> runOnce() {
        return loop(0, 0).call(folded -> vacuumDue(folded, System.nanoTime()) ? counts.vacuumDeltas()
                : Uni.createFrom().voidItem());
    }

    /**
     * Whether to vacuum the delta tables after a pass that folded {@code folded} rows, at {@code now}: while folds
     * since the last vacuum left dead rows, at most every {@link #VACUUM_EVERY_NANOS} (so the last folds of a burst
     * are vacuumed on a later pass, not left to slow readers until the next write).
     */
    synchronized boolean vacuumDue(int folded, long now) {
        unvacuumed |= folded > 0;
        if (!unvacuumed || now - lastVacuum < VACUUM_EVERY_NANOS) {
            return false;
        }
        lastVacuum = now;
        unvacuumed = false;
        return true;
    }

    private Uni<Integer> loop(int batches, int folded) {
        return counts.compact(batchSize).chain(n -> n >= batchSize && batches + 1 < MAX_BATCHES_PER_LOOP
                ? loop(batches + 1, folded + n) : Uni.createFrom().item(folded + n));
    }
}
