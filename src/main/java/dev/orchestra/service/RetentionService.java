package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.persistence.RetentionRepository;
import dev.orchestra.service.background.LoopService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Retention (off by default; Prefect 3's database vacuum for flow runs): every {@code loop-seconds}, deletes the
 * top-level flow runs in a final state that ended more than {@code older-than-days} ago, with everything that
 * belongs to them, in batches of {@code batch-size} runs, one short transaction each, pausing between batches so
 * the API's own transactions go first. The run counts stay consistent (their triggers run in each batch). Runs on
 * one instance at a time ({@link LoopService}).
 */
@ApplicationScoped
public class RetentionService implements LoopService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    /** At most this many batches a loop; the rest waits for the next loop. */
    static final int MAX_BATCHES_PER_LOOP = 500;

    private final RetentionRepository retention;
    private final OrchestraClock clock;
    private final double olderThanDays;
    private final int batchSize;
    private final ServicesConfig.Loop settings;
    private final Duration pause;

    public RetentionService(RetentionRepository retention, OrchestraClock clock,
            @ConfigProperty(name = "orchestra.services.retention.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "orchestra.services.retention.older-than-days", defaultValue = "90")
            double olderThanDays,
            @ConfigProperty(name = "orchestra.services.retention.batch-size", defaultValue = "200") int batchSize,
            @ConfigProperty(name = "orchestra.services.retention.loop-seconds", defaultValue = "3600")
            double loopSeconds,
            @ConfigProperty(name = "orchestra.services.retention.pause-millis", defaultValue = "50") long pauseMillis) {
        this.retention = retention;
        this.clock = clock;
        this.olderThanDays = olderThanDays;
        this.batchSize = Math.max(1, batchSize);
        this.settings = new LoopService.Every(enabled, loopSeconds);
        this.pause = Duration.ofMillis(Math.max(0, pauseMillis));
    }

    @Override
    public String name() {
        return "Retention";
    }

    @Override
    public ServicesConfig.Loop settings() {
        return settings;
    }

    /** One loop: the runs older than the configured age; answers how many flow runs were deleted. */
    @Override
    public Uni<Integer> runOnce() {
        long micros = (long) (olderThanDays * 86_400_000_000L);
        return deleteEndedBefore(clock.now().minus(Duration.ofNanos(micros * 1000))).invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("Retention: deleted %d flow run(s) that ended more than %s days ago", deleted,
                        olderThanDays);
            }
        });
    }

    /** Deletes, batch after batch, the flow runs that ended before {@code cutoff}; answers how many. */
    public Uni<Integer> deleteEndedBefore(OffsetDateTime cutoff) {
        return batches(cutoff, 0, 0);
    }

    private Uni<Integer> batches(OffsetDateTime cutoff, int done, int deleted) {
        return retention.deleteBatch(cutoff, batchSize).chain(n -> n < batchSize || done + 1 >= MAX_BATCHES_PER_LOOP
                ? Uni.createFrom().item(deleted + n)
                : Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                        .chain(() -> batches(cutoff, done + 1, deleted + n)));
    }
}
