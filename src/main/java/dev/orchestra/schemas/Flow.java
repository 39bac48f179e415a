package dev.orchestra.schemas;

import dev.orchestra.persistence.entity.FlowEntity;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A flow as the API returns it ({@code core.Flow}). */
public record Flow(UUID id, OffsetDateTime created, OffsetDateTime updated, String name, List<String> tags) {

    public static Flow from(FlowEntity e) {
        return new Flow(e.id, e.created, e.updated, e.name, e.tags == null ? List.of() : e.tags);
    }
}
