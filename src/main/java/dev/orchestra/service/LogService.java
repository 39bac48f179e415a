package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.persistence.LogRepository;
import dev.orchestra.persistence.entity.LogEntity;
import dev.orchestra.schemas.Log;
import dev.orchestra.schemas.LogCreate;
import dev.orchestra.schemas.LogFilter;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/** Run logs: batch creation and filtered reading. */
@ApplicationScoped
public class LogService {

    private final LogRepository logs;
    private final OrchestraClock clock;

    public LogService(LogRepository logs, OrchestraClock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<Void> create(List<LogCreate> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = clock.now();
        List<LogEntity> entities = batch.stream().map(l -> {
            LogEntity e = new LogEntity();
            e.stamp(now);
            e.name = l.name();
            e.level = (short) l.level().intValue();
            e.message = l.message();
            e.timestamp = l.timestamp();
            e.flowRunId = l.flowRunId();
            e.taskRunId = l.taskRunId();
            return e;
        }).toList();
        return logs.insertAll(entities);
    }

    @WithSession
    public Uni<List<Log>> filter(LogFilter filter, boolean ascending, int offset, int limit) {
        return logs.filter(filter, ascending, offset, limit).map(list -> list.stream()
                .map(e -> new Log(e.id, e.created, e.updated, e.name, e.level, e.message, e.timestamp, e.flowRunId,
                        e.taskRunId))
                .toList());
    }
}
