package dev.orchestra.persistence;

import dev.orchestra.persistence.convert.JsonColumns;
import dev.orchestra.persistence.entity.FlowEntity;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowQuery;
import dev.orchestra.schemas.sorting.FlowSort;

/** Queries on {@code flow}. */
@ApplicationScoped
@WithSession
public class FlowRepository implements PanacheRepositoryBase<FlowEntity, UUID> {

    private final NativeQueries queries;

    public FlowRepository(NativeQueries queries) {
        this.queries = queries;
    }

    public Uni<List<FlowEntity>> filter(EntityFilters filters, FlowSort sort, int limit, int offset) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        return queries.list(FlowQuery.select(Rows.FLOW_COLUMNS, filters, sort, limit, offset), Rows::flow);
    }

    public Uni<Long> count(EntityFilters filters) {
        return queries.count(FlowQuery.count(filters));
    }

    /**
     * Inserts the flow unless one with its name exists (the unique name wins, as Prefect's
     * {@code ON CONFLICT DO NOTHING}), then returns whichever row has the name.
     */
    public Uni<FlowEntity> insertOrGet(FlowEntity flow) {
        return getSession().chain(s -> s.createNativeQuery("INSERT INTO flow (id, created, updated, name, tags)"
                + " VALUES (?1, ?2, ?3, ?4, cast(cast(?5 as text) as jsonb)) ON CONFLICT (name) DO NOTHING")
                .setParameter(1, flow.id)
                .setParameter(2, flow.created)
                .setParameter(3, flow.updated)
                .setParameter(4, flow.name)
                .setParameter(5, JsonColumns.write(flow.tags))
                .executeUpdate())
                .chain(() -> findByName(flow.name));
    }

    public Uni<FlowEntity> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<Boolean> updateTags(UUID id, java.util.List<String> tags, OffsetDateTime now) {
        return getSession().chain(s -> s.createNativeQuery(
                "UPDATE flow SET tags = cast(cast(?1 as text) as jsonb), updated = ?2 WHERE id = ?3")
                .setParameter(1, JsonColumns.write(tags))
                .setParameter(2, now)
                .setParameter(3, id)
                .executeUpdate())
                .map(n -> n > 0);
    }
}
