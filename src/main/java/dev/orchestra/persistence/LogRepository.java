package dev.orchestra.persistence;

import dev.orchestra.persistence.entity.LogEntity;
import dev.orchestra.schemas.LogFilter;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Queries on {@code log}. */
@ApplicationScoped
@WithSession
public class LogRepository implements PanacheRepositoryBase<LogEntity, UUID> {

    /** Inserts the whole batch in one round trip. */
    public Uni<Void> insertAll(List<LogEntity> logs) {
        return persist(logs.stream()).chain(() -> flush());
    }

    /** {@code attribute in (...)}; an empty list matches nothing, as SQLAlchemy's {@code in_([])}. */
    private static String in(String attribute, List<UUID> values, List<Object> params) {
        if (values.isEmpty()) {
            return "1 = 0";
        }
        params.add(values);
        return attribute + " in ?" + params.size();
    }

    public Uni<List<LogEntity>> filter(LogFilter filter, boolean ascending, int offset, int limit) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        List<String> clauses = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter != null) {
            if (filter.level() != null && filter.level().ge() != null) {
                params.add((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, filter.level().ge())));
                clauses.add("level >= ?" + params.size());
            }
            if (filter.level() != null && filter.level().le() != null) {
                params.add((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, filter.level().le())));
                clauses.add("level <= ?" + params.size());
            }
            if (filter.timestamp() != null && filter.timestamp().before() != null) {
                params.add(filter.timestamp().before());
                clauses.add("timestamp <= ?" + params.size());
            }
            if (filter.timestamp() != null && filter.timestamp().after() != null) {
                params.add(filter.timestamp().after());
                clauses.add("timestamp >= ?" + params.size());
            }
            if (filter.flowRunId() != null && filter.flowRunId().any() != null) {
                clauses.add(in("flowRunId", filter.flowRunId().any(), params));
            }
            if (filter.taskRunId() != null && filter.taskRunId().any() != null) {
                clauses.add(in("taskRunId", filter.taskRunId().any(), params));
            }
        }
        String joiner = filter != null && "or_".equals(filter.operator()) ? " or " : " and ";
        String where = clauses.isEmpty() ? "" : "where " + String.join(joiner, clauses);
        String hql = "from LogEntity " + where + " order by timestamp " + (ascending ? "asc" : "desc") + ", id";
        return find(hql, params.toArray()).range(offset, offset + limit - 1).list();
    }
}
