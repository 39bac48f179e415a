package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.NotFound;
import dev.orchestra.persistence.FlowRepository;
import dev.orchestra.persistence.entity.FlowEntity;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.Flow;
import dev.orchestra.schemas.FlowCreate;
import dev.orchestra.schemas.FlowUpdate;
import dev.orchestra.schemas.sorting.FlowSort;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Flows: create-or-get by name, read, update tags, delete (runs go with the flow, by cascade). */
@ApplicationScoped
public class FlowService {

    /** A created flow, and whether this call created it (201) or found it (200). */
    public record Created(Flow flow, boolean isNew) {
    }

    private final FlowRepository flows;
    private final OrchestraClock clock;

    public FlowService(FlowRepository flows, OrchestraClock clock) {
        this.flows = flows;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Created> create(FlowCreate request) {
        FlowEntity entity = new FlowEntity();
        entity.stamp(clock.now());
        entity.name = request.name();
        entity.tags = request.tags();
        return flows.insertOrGet(entity).map(e -> new Created(Flow.from(e), e.id.equals(entity.id)));
    }

    @WithSession
    public Uni<Flow> read(UUID id) {
        return flows.findById(id).onItem().ifNull().failWith(() -> new NotFound("Flow not found"))
                .map(Flow::from);
    }

    @WithSession
    public Uni<Flow> readByName(String name) {
        return flows.findByName(name).onItem().ifNull()
                .failWith(() -> new NotFound("Flow not found")).map(Flow::from);
    }

    @WithTransaction
    public Uni<Void> update(UUID id, FlowUpdate update) {
        Uni<Boolean> found = update.tags() == null
                ? flows.count("id", id).map(n -> n > 0)
                : flows.updateTags(id, update.tags(), clock.now());
        return found.chain(ok -> ok ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound("Flow not found")));
    }

    @WithSession
    public Uni<List<Flow>> filter(EntityFilters filters, FlowSort sort, int limit, int offset) {
        return flows.filter(filters, sort, limit, offset).map(l -> l.stream().map(Flow::from).toList());
    }

    @WithSession
    public Uni<Long> count(EntityFilters filters) {
        return flows.count(filters);
    }

    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return flows.delete("id", id).chain(n -> n > 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound("Flow not found")));
    }
}
