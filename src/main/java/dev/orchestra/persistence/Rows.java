package dev.orchestra.persistence;

import dev.orchestra.persistence.convert.StringListJson;
import dev.orchestra.persistence.entity.FlowEntity;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Row-to-entity mapping for queries run on the reactive pool. Each {@code *_COLUMNS} constant is the select
 * list its mapper reads: JSON columns as text, intervals as seconds.
 */
public final class Rows {

    private static final StringListJson STRING_LIST = new StringListJson();

    public static final String FLOW_COLUMNS =
            "flow.id, flow.created, flow.updated, flow.name, flow.tags::text AS tags";

    private Rows() {
    }

    public static FlowEntity flow(Row row) {
        FlowEntity e = new FlowEntity();
        e.id = row.getUUID("id");
        e.created = row.getOffsetDateTime("created");
        e.updated = row.getOffsetDateTime("updated");
        e.name = row.getString("name");
        e.tags = STRING_LIST.convertToEntityAttribute(row.getString("tags"));
        return e;
    }
}
