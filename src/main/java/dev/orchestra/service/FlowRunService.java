package dev.orchestra.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.api.PrefectHttpException;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.persistence.FlowRunRepository;
import dev.orchestra.persistence.NativeQueries;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.Rows.FlowRunRow;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowRunQuery;
import dev.orchestra.persistence.query.RunExpressions;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.FlowRunUpdate;
import dev.orchestra.schemas.sorting.FlowRunSort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Flow runs: reads, filters, counts, lateness, updates and deletion. */
@ApplicationScoped
public class FlowRunService {

    static final String NOT_FOUND = "Flow run not found";

    private final FlowRunRepository runs;
    private final NativeQueries queries;
    private final OrchestraClock clock;

    public FlowRunService(FlowRunRepository runs, NativeQueries queries, OrchestraClock clock) {
        this.runs = runs;
        this.queries = queries;
        this.clock = clock;
    }

    public Uni<FlowRunResponse> read(UUID id) {
        return runs.read(id).onItem().ifNull().failWith(() -> PrefectHttpException.notFound(NOT_FOUND))
                .map(row -> response(row, clock.now()));
    }

    public Uni<List<FlowRunResponse>> filter(EntityFilters filters, FlowRunSort sort, int limit, int offset) {
        return runs.filter(filters, sort, limit, offset).map(rows -> {
            OffsetDateTime now = clock.now();
            return rows.stream().map(r -> response(r, now)).toList();
        });
    }

    public Uni<Long> count(EntityFilters filters) {
        return runs.count(filters);
    }

    /** The average lateness in seconds of the matching runs, or null when none match. */
    public Uni<Double> lateness(EntityFilters filters) {
        Sql sql = Sql.raw("SELECT extract(epoch from avg(" + RunExpressions.estimatedStartTimeDelta("flow_run")
                + "))::float8 FROM flow_run WHERE ").append(FlowRunQuery.where(filters));
        return queries.list(sql, row -> row.getDouble(0)).map(l -> l.isEmpty() ? null : l.get(0));
    }

    /** Sets the fields present in the PATCH body (Prefect's {@code exclude_unset}); 404 when the run is missing. */
    public Uni<Void> update(UUID id, ObjectNode body, FlowRunUpdate update) {
        List<Sql> sets = new ArrayList<>();
        if (body.has("name")) {
            sets.add(Sql.of("name = ?", update.name()));
        }
        if (body.has("flow_version")) {
            sets.add(Sql.of("flow_version = ?", update.flowVersion()));
        }
        if (body.has("parameters")) {
            sets.add(Sql.of("parameters = ?::text::jsonb", RunMapper.write(update.parameters())));
        }
        if (body.has("empirical_policy")) {
            FlowRunPolicy policy = update.empiricalPolicy() == null ? FlowRunPolicy.DEFAULT : update.empiricalPolicy();
            sets.add(Sql.of("empirical_policy = ?::text::jsonb", RunMapper.write(policy)));
        }
        if (body.has("tags")) {
            sets.add(Sql.of("tags = ?::text::jsonb", RunMapper.write(update.tags())));
        }
        if (body.has("infrastructure_pid")) {
            sets.add(Sql.of("infrastructure_pid = ?", update.infrastructurePid()));
        }
        sets.add(Sql.of("updated = ?", clock.now()));
        Sql assignments = sets.get(0);
        for (int i = 1; i < sets.size(); i++) {
            assignments = assignments.append(", ").append(sets.get(i));
        }
        return runs.update(id, assignments).chain(found -> found ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(PrefectHttpException.notFound(NOT_FOUND)));
    }

    public Uni<Void> delete(UUID id) {
        return runs.delete(id).chain(found -> found ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(PrefectHttpException.notFound(NOT_FOUND)));
    }

    static FlowRunResponse response(FlowRunRow row, OffsetDateTime now) {
        return RunMapper.flowRun(row.run(), row.state(), row.workPoolId(), row.workPoolName(), now);
    }
}
