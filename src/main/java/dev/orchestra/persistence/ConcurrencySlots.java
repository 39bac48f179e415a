package dev.orchestra.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The slots task runs hold in tag concurrency limits ({@code concurrency_limit.active_slots}), by SQL. */
@ApplicationScoped
public class ConcurrencySlots {

    /**
     * Removes the given task runs from every limit's active slots, in one statement; answers the tags whose
     * limits gave slots back. Limit rows are locked by this update, after the task runs (the order a state
     * change takes them in).
     */
    public Uni<List<String>> release(SqlClient conn, List<UUID> taskRunIds, OffsetDateTime now) {
        if (taskRunIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] ids = taskRunIds.stream().map(UUID::toString).toArray(String[]::new);
        return conn.preparedQuery("UPDATE concurrency_limit SET updated = $2, active_slots = (SELECT"
                + " coalesce(jsonb_agg(to_jsonb(slot) ORDER BY n), '[]'::jsonb)"
                + " FROM jsonb_array_elements_text(active_slots) WITH ORDINALITY AS s(slot, n)"
                + " WHERE slot <> ALL($1::text[])) WHERE active_slots ?| $1::text[] RETURNING tag")
                .execute(Tuple.of(ids, now)).map(rows -> {
                    List<String> tags = new ArrayList<>();
                    rows.forEach(row -> tags.add(row.getString(0)));
                    return tags;
                });
    }
}
