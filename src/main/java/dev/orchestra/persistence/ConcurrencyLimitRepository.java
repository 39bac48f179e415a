package dev.orchestra.persistence;

import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Queries on {@code concurrency_limit} (tag limits, v1). */
@ApplicationScoped
@WithSession
public class ConcurrencyLimitRepository implements PanacheRepositoryBase<ConcurrencyLimitEntity, UUID> {

    /** Creates the limit for its tag, or sets the new limit on the existing row (Prefect's upsert). */
    public Uni<ConcurrencyLimitEntity> upsert(ConcurrencyLimitEntity limit) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO concurrency_limit"
                + " (id, created, updated, tag, concurrency_limit, active_slots)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, '[]'::jsonb)"
                + " ON CONFLICT (tag) DO UPDATE SET concurrency_limit = EXCLUDED.concurrency_limit,"
                + " updated = EXCLUDED.updated")
                .setParameter(1, limit.id)
                .setParameter(2, limit.created)
                .setParameter(3, limit.updated)
                .setParameter(4, limit.tag)
                .setParameter(5, limit.concurrencyLimit)
                .executeUpdate())
                .chain(() -> findByTag(limit.tag));
    }

    public Uni<ConcurrencyLimitEntity> findByTag(String tag) {
        return find("tag", tag).firstResult();
    }

    public Uni<List<ConcurrencyLimitEntity>> page(int offset, int limit) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return findAll(Sort.by("tag")).range(offset, offset + limit - 1).list();
    }

    public Uni<Boolean> setActiveSlots(UUID id, List<String> slots, OffsetDateTime now) {
        return getSession().chain(s -> s.createNativeQuery(
                "UPDATE concurrency_limit SET active_slots = " + JsonColumns.WRITE.replace("?", "?1")
                        + ", updated = ?2 WHERE id = ?3")
                .setParameter(1, JsonColumns.write(slots))
                .setParameter(2, now)
                .setParameter(3, id)
                .executeUpdate())
                .map(n -> n > 0);
    }
}
