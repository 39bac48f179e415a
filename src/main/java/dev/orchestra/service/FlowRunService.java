package dev.orchestra.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.NotFound;
import dev.orchestra.errors.Refused;
import dev.orchestra.metrics.ServerMetrics;
import dev.orchestra.persistence.FlowRunRepository;
import dev.orchestra.persistence.GraphRepository;
import dev.orchestra.persistence.NativeQueries;
import dev.orchestra.persistence.Rows.FlowRunRow;
import dev.orchestra.persistence.Rows.TaskRunRow;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.TaskRunRepository;
import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowRunQuery;
import dev.orchestra.persistence.query.RunExpressions;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.DependencyResult;
import dev.orchestra.schemas.FlowRunCreate;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.FlowRunUpdate;
import dev.orchestra.schemas.Graph;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRun;
import dev.orchestra.schemas.TaskRunInput;
import dev.orchestra.schemas.RunPages;
import dev.orchestra.schemas.sorting.FlowRunSort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Flow runs: reads, filters, counts, lateness, updates and deletion. */
@ApplicationScoped
public class FlowRunService {

    static final String NOT_FOUND = "Flow run not found";

    /** A created flow run, and whether this call created it (201) or found it by idempotency key (200). */
    public record Created(FlowRunResponse run, boolean isNew) {
    }

    private final FlowRunRepository runs;
    private final TaskRunRepository taskRuns;
    private final GraphRepository graphs;
    private final NativeQueries queries;
    private final OrchestrationService orchestration;
    private final ServerMetrics metrics;
    private final ConcurrencyLimitService limits;
    private final Pool pool;
    private final OrchestraClock clock;

    public FlowRunService(FlowRunRepository runs, TaskRunRepository taskRuns, GraphRepository graphs,
            NativeQueries queries, OrchestrationService orchestration, ConcurrencyLimitService limits, Pool pool,
            OrchestraClock clock, ServerMetrics metrics) {
        this.metrics = metrics;
        this.runs = runs;
        this.limits = limits;
        this.graphs = graphs;
        this.taskRuns = taskRuns;
        this.queries = queries;
        this.orchestration = orchestration;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Creates a flow run, or finds the one with the same flow and idempotency key. A new run gets its first
     * state (PENDING when none is given) through orchestration with the minimal policy, as Prefect forces it.
     */
    public Uni<Created> create(FlowRunCreate request, Map<String, Object> parameters) {
        return create(request, parameters, null, null);
    }

    /** As {@link #create(FlowRunCreate, Map)}, the run put in a work queue (a run created from a deployment). */
    public Uni<Created> create(FlowRunCreate request, Map<String, Object> parameters, UUID workQueueId,
            String workQueueName) {
        return pool.withTransaction(conn -> create(conn, request, parameters, workQueueId, workQueueName));
    }

    /** As {@link #create(FlowRunCreate, Map, UUID, String)}, inside the caller's transaction. */
    public Uni<Created> create(SqlClient conn, FlowRunCreate request, Map<String, Object> parameters,
            UUID workQueueId, String workQueueName) {
        OffsetDateTime now = clock.now();
        FlowRunEntity run = new FlowRunEntity();
        run.stamp(now);
        run.name = RunNames.orGenerated(request.name());
        run.flowId = request.flowId();
        run.deploymentId = request.deploymentId();
        run.flowVersion = request.flowVersion();
        run.parameters = RunMapper.write(request.parameters() == null ? Map.of() : request.parameters());
        run.context = RunMapper.write(request.context() == null ? Map.of() : request.context());
        run.idempotencyKey = request.idempotencyKey();
        run.empiricalPolicy = RunMapper.write(request.empiricalPolicy() == null ? FlowRunPolicy.DEFAULT
                : request.empiricalPolicy());
        run.tags = request.tags() == null ? new ArrayList<>() : new ArrayList<>(request.tags());
        run.parentTaskRunId = request.parentTaskRunId();
        run.infrastructureDocumentId = request.infrastructureDocumentId();
        run.workQueueId = workQueueId;
        run.workQueueName = workQueueName;
        State initial = request.state() == null ? State.of(StateType.PENDING, null, now)
                : request.state().toState(now);
        return runs.insert(conn, run).chain(id -> {
            if (!id.equals(run.id)) {
                return runs.read(conn, id).map(row -> new Created(response(row, clock.now()), false));
            }
            // This transaction inserted the row, so it holds it locked and knows it whole: the first state is
            // orchestrated on it as it is, and the answer is the run as the single writer left it (read back
            // only for a run in a work queue, whose pool's id and name come from the join).
            metrics.flowRunCreated();
            return orchestration.flowRunTransition(conn, new FlowRunRow(run, null, null, null), initial, true,
                    parameters, now).chain(ctx -> ctx.stateWritten() && workQueueId == null
                            ? Uni.createFrom().item(new Created(RunMapper.flowRun(run, ctx.validatedState(), null,
                                    null, clock.now()), true))
                            : runs.read(conn, id).map(row -> new Created(response(row, clock.now()), true)));
        });
    }

    public Uni<FlowRunResponse> read(UUID id) {
        return runs.read(id).onItem().ifNull().failWith(() -> new NotFound(NOT_FOUND))
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

    /** Prefect 3's paginate route, with a cursor (see {@link RunPaging}). */
    public Uni<RunPages.FlowRunPaginationResponse> paginate(EntityFilters filters, FlowRunSort sort, int limit,
            Long page, String cursor) {
        return RunPaging.<FlowRunRow>paginate(sort == null ? null : sort.name(), FlowRunSort.DEFAULT.name(),
                name -> java.util.Arrays.stream(FlowRunSort.values()).anyMatch(v -> v.name().equals(name)), limit,
                page, cursor, runs.count(filters), (key, after, n, offset) -> runs.page(filters, key, after, n, offset),
                row -> row.run().id).map(p -> {
                    OffsetDateTime now = clock.now();
                    return new RunPages.FlowRunPaginationResponse(p.rows().stream().map(r -> response(r, now))
                            .toList(), p.count(), p.limit(), p.pages(), p.page(), p.nextCursor());
                });
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
            sets.add(Sql.of("name = ?", RunNames.orGenerated(update.name())));
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
                : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }

    /**
     * The task runs of a flow run with their upstream task runs (from their recorded inputs). Parameter and
     * constant inputs are not dependencies and are left out (Prefect fails to serialise them: a 500).
     */
    public Uni<List<DependencyResult>> graph(UUID id) {
        return runs.read(id).onItem().ifNull()
                .failWith(() -> NotFound.inModel("Flow run with id " + id + " not found"))
                .chain(() -> taskRuns.ofFlowRun(id)).map(rows -> {
                    OffsetDateTime now = clock.now();
                    List<DependencyResult> out = new ArrayList<>();
                    for (TaskRunRow row : rows) {
                        TaskRun t = RunMapper.taskRun(row.run(), row.state(), now);
                        LinkedHashSet<TaskRunInput.TaskRunResult> upstream = new LinkedHashSet<>();
                        t.taskInputs().values().forEach(list -> list.stream()
                                .filter(TaskRunInput.TaskRunResult.class::isInstance)
                                .map(TaskRunInput.TaskRunResult.class::cast).forEach(upstream::add));
                        boolean untrackable = t.state() != null
                                && Boolean.TRUE.equals(t.state().stateDetails().untrackableResult());
                        out.add(new DependencyResult(t.id(), t.name(), List.copyOf(upstream), t.state(),
                                t.expectedStartTime(), t.startTime(), t.endTime(), t.totalRunTime(),
                                t.estimatedRunTime(), untrackable));
                    }
                    return out;
                });
    }

    /**
     * The graph of a flow run's started task runs and subflow runs that ended at or after {@code since};
     * 400 when it has more than {@code maxNodes} nodes.
     */
    public Uni<Graph> graphV2(UUID id, OffsetDateTime since, int maxNodes) {
        return graphs.runTimes(id).onItem().ifNull()
                .failWith(() -> NotFound.inModel("Flow run " + id + " not found"))
                .chain(times -> graphs.nodes(id, since, maxNodes + 1).map(nodes -> {
                    if (nodes.size() > maxNodes) {
                        throw new Refused("The graph of flow run " + id + " has more than "
                                + maxNodes + " nodes.");
                    }
                    List<UUID> roots = new ArrayList<>();
                    List<Graph.Entry> entries = new ArrayList<>();
                    for (Graph.Node node : nodes) {
                        if (node.parents().isEmpty()) {
                            roots.add(node.id());
                        }
                        entries.add(new Graph.Entry(node.id(), node));
                    }
                    return new Graph(times[0], times[1], roots, entries);
                }));
    }

    public Uni<Void> delete(UUID id) {
        return Retries.onCollision(pool.withTransaction(conn -> taskRuns.deleteOfFlowRun(conn, id)
                .chain(taskRunIds -> limits.releaseSlotsOfDeletedTaskRuns(conn, taskRunIds))
                .chain(() -> runs.delete(conn, id))))
                .chain(found -> found ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }

    static FlowRunResponse response(FlowRunRow row, OffsetDateTime now) {
        return RunMapper.flowRun(row.run(), row.state(), row.workPoolId(), row.workPoolName(), now);
    }
}
