package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.NotFound;
import dev.orchestra.persistence.ConcurrencyLimitRepository;
import dev.orchestra.persistence.ConcurrencySlots;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.schemas.ConcurrencyLimit;
import dev.orchestra.schemas.ConcurrencyLimitCreate;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Tag concurrency limits (the v1 {@code /concurrency_limits} routes). */
@ApplicationScoped
public class ConcurrencyLimitService {

    private static final String NOT_FOUND = "Concurrency limit not found";

    private final ConcurrencyLimitRepository limits;
    private final ConcurrencySlots slots;
    private final OrchestraClock clock;

    public ConcurrencyLimitService(ConcurrencyLimitRepository limits, ConcurrencySlots slots, OrchestraClock clock) {
        this.limits = limits;
        this.slots = slots;
        this.clock = clock;
    }

    /**
     * Gives back the slots deleted task runs held, in the deleting transaction ({@code conn}); answers the tags
     * whose limits now have room. Prefect 2.14.21 leaves a deleted RUNNING task's slot taken for good, so every
     * other task on that tag waits until the limit is reset. Every deletion of task runs goes through here.
     */
    public Uni<List<String>> releaseSlotsOfDeletedTaskRuns(SqlClient conn, List<UUID> taskRunIds) {
        return slots.release(conn, taskRunIds, clock.now());
    }

    @WithTransaction
    public Uni<ConcurrencyLimit> create(ConcurrencyLimitCreate request) {
        ConcurrencyLimitEntity e = new ConcurrencyLimitEntity();
        e.stamp(clock.now());
        e.tag = request.tag();
        e.concurrencyLimit = request.concurrencyLimit();
        return limits.upsert(e).map(ConcurrencyLimitService::toSchema);
    }

    @WithSession
    public Uni<ConcurrencyLimit> read(UUID id) {
        return limits.findById(id).onItem().ifNull().failWith(() -> new NotFound(NOT_FOUND))
                .map(ConcurrencyLimitService::toSchema);
    }

    @WithSession
    public Uni<ConcurrencyLimit> readByTag(String tag) {
        return limits.findByTag(tag).onItem().ifNull().failWith(() -> new NotFound(NOT_FOUND))
                .map(ConcurrencyLimitService::toSchema);
    }

    @WithSession
    public Uni<List<ConcurrencyLimit>> list(int offset, int limit) {
        return limits.page(offset, limit).map(l -> l.stream().map(ConcurrencyLimitService::toSchema).toList());
    }

    /** Empties the tag's slots, or sets them to the given task run ids. */
    @WithTransaction
    public Uni<Void> reset(String tag, List<UUID> slotOverride) {
        List<String> slots = slotOverride == null ? List.of() : slotOverride.stream().map(UUID::toString).toList();
        return limits.findByTag(tag).onItem().ifNull().failWith(() -> new NotFound(NOT_FOUND))
                .chain(e -> limits.setActiveSlots(e.id, slots, clock.now())).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return limits.delete("id", id).chain(n -> n > 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }

    @WithTransaction
    public Uni<Void> deleteByTag(String tag) {
        return limits.delete("tag", tag).chain(n -> n > 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }

    static ConcurrencyLimit toSchema(ConcurrencyLimitEntity e) {
        return new ConcurrencyLimit(e.id, e.created, e.updated, e.tag, e.concurrencyLimit,
                e.activeSlots.stream().map(UUID::fromString).toList());
    }
}
