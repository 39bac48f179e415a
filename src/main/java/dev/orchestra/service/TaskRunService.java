package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.NotFound;
import dev.orchestra.metrics.ServerMetrics;
import dev.orchestra.persistence.Rows.TaskRunRow;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.TaskRunRepository;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.RunPages;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRun;
import dev.orchestra.schemas.TaskRunCreate;
import dev.orchestra.schemas.TaskRunPolicy;
import dev.orchestra.schemas.TaskRunUpdate;
import dev.orchestra.schemas.sorting.TaskRunSort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Task runs: creation (idempotent on flow run, task key and dynamic key), reads, filters, updates, deletion. */
@ApplicationScoped
public class TaskRunService {

    static final String NOT_FOUND = "Task not found";
    /** The update route words its 404 differently from read and delete, as Prefect's does. */
    static final String UPDATE_NOT_FOUND = "Task run not found";

    /** A created task run, and whether this call created it (201) or found it (200). */
    public record Created(TaskRun run, boolean isNew) {
    }

    private final TaskRunRepository runs;
    private final OrchestrationService orchestration;
    private final ServerMetrics metrics;
    private final ConcurrencyLimitService limits;
    private final Pool pool;
    private final OrchestraClock clock;

    public TaskRunService(TaskRunRepository runs, OrchestrationService orchestration,
            ConcurrencyLimitService limits, Pool pool, OrchestraClock clock, ServerMetrics metrics) {
        this.metrics = metrics;
        this.runs = runs;
        this.limits = limits;
        this.orchestration = orchestration;
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<Created> create(TaskRunCreate request, Map<String, Object> parameters) {
        OffsetDateTime now = clock.now();
        TaskRunEntity run = new TaskRunEntity();
        run.stamp(now);
        run.name = RunNames.orGenerated(request.name());
        run.flowRunId = request.flowRunId();
        run.taskKey = request.taskKey();
        run.dynamicKey = request.dynamicKey();
        run.cacheKey = request.cacheKey();
        run.cacheExpiration = request.cacheExpiration();
        run.taskVersion = request.taskVersion();
        run.empiricalPolicy = RunMapper.write(request.empiricalPolicy() == null ? TaskRunPolicy.DEFAULT
                : request.empiricalPolicy());
        run.tags = request.tags() == null ? new ArrayList<>() : new ArrayList<>(request.tags());
        run.taskInputs = RunMapper.write(request.taskInputs() == null ? Map.of() : request.taskInputs());
        State initial = request.state() == null ? State.of(StateType.PENDING, null, now)
                : request.state().toState(now);
        return pool.withTransaction(conn -> runs.insert(conn, run).chain(id -> {
            if (!id.equals(run.id)) {
                return runs.read(conn, id).map(row -> new Created(response(row, clock.now()), false));
            }
            // As for flow runs: the inserted row is orchestrated as it is and answered as the writer left it.
            metrics.taskRunCreated();
            return orchestration.taskRunTransition(conn, new TaskRunRow(run, null), initial, true, parameters, now)
                    .chain(ctx -> ctx.stateWritten()
                            ? Uni.createFrom().item(new Created(RunMapper.taskRun(run, ctx.validatedState(),
                                    clock.now()), true))
                            : runs.read(conn, id).map(row -> new Created(response(row, clock.now()), true)));
        }));
    }

    public Uni<TaskRun> read(UUID id) {
        return runs.read(id).onItem().ifNull().failWith(() -> new NotFound(NOT_FOUND))
                .map(row -> response(row, clock.now()));
    }

    public Uni<List<TaskRun>> filter(EntityFilters filters, TaskRunSort sort, int limit, int offset) {
        return runs.filter(filters, sort, limit, offset).map(rows -> {
            OffsetDateTime now = clock.now();
            return rows.stream().map(r -> response(r, now)).toList();
        });
    }

    public Uni<Long> count(EntityFilters filters) {
        return runs.count(filters);
    }

    /** Prefect 3's paginate route, with a cursor (see {@link RunPaging}). */
    public Uni<RunPages.TaskRunPaginationResponse> paginate(EntityFilters filters, TaskRunSort sort, int limit,
            Long page, String cursor) {
        return RunPaging.<TaskRunRow>paginate(sort == null ? null : sort.name(), TaskRunSort.DEFAULT.name(),
                name -> java.util.Arrays.stream(TaskRunSort.values()).anyMatch(v -> v.name().equals(name)), limit,
                page, cursor, runs.count(filters), (key, after, n, offset) -> runs.page(filters, key, after, n, offset),
                row -> row.run().id).map(p -> {
                    OffsetDateTime now = clock.now();
                    return new RunPages.TaskRunPaginationResponse(p.rows().stream().map(r -> response(r, now))
                            .toList(), p.count(), p.limit(), p.pages(), p.page(), p.nextCursor());
                });
    }

    public Uni<Void> update(UUID id, TaskRunUpdate update, boolean nameSet) {
        Sql sets = Sql.of("updated = ?", clock.now());
        if (nameSet) {
            sets = sets.append(", ").append(Sql.of("name = ?", RunNames.orGenerated(update.name())));
        }
        return runs.update(id, sets).chain(found -> found ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound(UPDATE_NOT_FOUND)));
    }

    public Uni<Void> delete(UUID id) {
        return Retries.onCollision(pool.withTransaction(conn -> runs.delete(conn, id).call(found -> found
                ? limits.releaseSlotsOfDeletedTaskRuns(conn, List.of(id)) : Uni.createFrom().voidItem())))
                .chain(found -> found ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }

    static TaskRun response(TaskRunRow row, OffsetDateTime now) {
        return RunMapper.taskRun(row.run(), row.state(), now);
    }
}
