package dev.orchestra.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.Conflict;
import dev.orchestra.errors.NotFound;
import dev.orchestra.config.ServicesConfig;
import dev.orchestra.config.Timestamps;
import dev.orchestra.persistence.ScheduledRunsRepository;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.DeploymentFilterId;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.FlowRunFilterNextScheduledStartTime;
import dev.orchestra.schemas.filters.FlowRunFilterState;
import dev.orchestra.schemas.filters.FlowRunFilterStateType;
import dev.orchestra.schemas.sorting.FlowRunSort;
import java.time.Duration;
import dev.orchestra.persistence.DeploymentRepository;
import dev.orchestra.persistence.DeploymentRepository.Stored;
import dev.orchestra.persistence.RunMapper;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.schemas.Deployments.Deployment;
import dev.orchestra.schemas.Deployments.DeploymentCreate;
import dev.orchestra.schemas.Deployments.DeploymentFlowRunCreate;
import dev.orchestra.schemas.Deployments.DeploymentUpdate;
import dev.orchestra.schemas.FlowRunCreate;
import dev.orchestra.schemas.JsonSchemas;
import dev.orchestra.schemas.ScheduleDates;
import dev.orchestra.schemas.Schedules;
import dev.orchestra.schemas.StateCreate;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.WorkPools;
import dev.orchestra.schemas.sorting.DeploymentSort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Deployments: upsert on (flow, name) with the work queue resolved from the pool and queue names as Prefect does,
 * read, filter, count, update, delete (its scheduled runs go first), and flow runs created from a deployment.
 * Writing a deployment removes its auto-scheduled runs, as Prefect does; the scheduler makes new ones. Runners poll
 * here for their deployments' runs.
 */
@ApplicationScoped
public class DeploymentService {

    private static final String NOT_FOUND = "Deployment not found";
    private static final String NO_SCHEMA = "Cannot update parameters because parameter schema enforcement is"
            + " enabled and the deployment does not have a valid parameter schema.";

    /** A created or updated deployment, and whether this call created it (201) or updated it (200). */
    public record Created(Deployment deployment, boolean isNew) {
    }

    private final DeploymentRepository repo;
    private final WorkPoolService pools;
    private final FlowRunService flowRuns;
    private final ScheduledRunsRepository scheduledRuns;
    private final DeploymentScheduling scheduling;
    private final ServicesConfig services;
    private final Pool pool;
    private final OrchestraClock clock;

    public DeploymentService(DeploymentRepository repo, WorkPoolService pools, FlowRunService flowRuns,
            ScheduledRunsRepository scheduledRuns, DeploymentScheduling scheduling, ServicesConfig services, Pool pool,
            OrchestraClock clock) {
        this.repo = repo;
        this.pools = pools;
        this.flowRuns = flowRuns;
        this.scheduledRuns = scheduledRuns;
        this.scheduling = scheduling;
        this.services = services;
        this.pool = pool;
        this.clock = clock;
    }

    public Uni<Created> create(DeploymentCreate d) {
        OffsetDateTime now = clock.now();
        JsonNode schedule = Schedules.normalize(d.schedule(), List.of("body", "schedule"), now);
        return pool.withTransaction(conn -> checkPool(conn, d.workPoolName(), d.infraOverrides(), now)
                .chain(() -> resolveQueue(conn, d.workPoolName(), d.workQueueName(), now))
                .call(() -> checkBlock(conn, d.infrastructureDocumentId(), "infrastructure block"))
                .call(() -> checkBlock(conn, d.storageDocumentId(), "storage block"))
                .chain(queueId -> repo.upsert(conn, d, schedule, queueId, now))
                .call(u -> repo.deleteScheduledRuns(conn, u.id(), true))
                .chain(u -> repo.read(conn, u.id(), now).map(s -> new Created(s.deployment(), u.isNew()))));
    }

    public Uni<Deployment> read(UUID id) {
        return repo.read(pool, id, clock.now()).onItem().ifNull()
                .failWith(() -> new NotFound(NOT_FOUND)).map(Stored::deployment);
    }

    public Uni<Deployment> readByName(String flowName, String name) {
        return repo.readByName(pool, flowName, name, clock.now()).onItem().ifNull()
                .failWith(() -> new NotFound(NOT_FOUND)).map(Stored::deployment);
    }

    public Uni<List<Deployment>> filter(EntityFilters filters, DeploymentSort sort, int limit, int offset) {
        return repo.filter(pool, filters, sort, limit, offset, clock.now());
    }

    public Uni<Long> count(EntityFilters filters) {
        return repo.count(pool, filters);
    }

    /** Sets the fields sent (Prefect's {@code exclude_unset}); work pool and queue names move the work queue. */
    public Uni<Void> update(UUID id, ObjectNode body, DeploymentUpdate u) {
        WorkPoolService.rejectNulls(body, "is_schedule_active", "tags");
        OffsetDateTime now = clock.now();
        JsonNode schedule = body.has("schedule") ? Schedules.normalize(u.schedule(), List.of("body", "schedule"), now)
                : null;
        JsonNode overrides = body.has("infra_overrides") ? u.infraOverrides() : JsonNodeFactory.instance.objectNode();
        return pool.withTransaction(conn -> repo.read(conn, id, now).onItem().ifNull()
                .failWith(() -> new NotFound(NOT_FOUND + "."))
                .call(existing -> notBlank(u.workPoolName()) ? checkPool(conn, u.workPoolName(), overrides, now)
                        : Uni.createFrom().voidItem())
                .invoke(existing -> checkParameters(existing.deployment(), body, u))
                .chain(existing -> resolveQueue(conn, u.workPoolName(), u.workQueueName(), now))
                .chain(queueId -> {
                    List<Sql> sets = updateSets(body, u, schedule);
                    if (queueId != null) {
                        sets.add(Sql.of("work_queue_id = ?", queueId));
                    }
                    sets.add(Sql.of("updated = ?", now));
                    return repo.update(conn, id, WorkPoolService.join(sets));
                })
                .call(() -> repo.deleteScheduledRuns(conn, id, true)))
                .chain(found -> found ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new NotFound(NOT_FOUND + ".")));
    }

    /** Deletes the deployment after its runs that are still SCHEDULED. */
    public Uni<Void> delete(UUID id) {
        return pool.withTransaction(conn -> repo.deleteScheduledRuns(conn, id, false).chain(() -> repo.delete(conn, id)))
                .chain(found -> found ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }

    /**
     * A flow run of the deployment (Prefect's {@code create_flow_run_from_deployment}): the deployment's parameters
     * overridden by the request's, its tags joined with the request's, its work queue unless the request names
     * another queue of the same pool, SCHEDULED now unless a state is given.
     */
    public Uni<FlowRunService.Created> createFlowRun(UUID id, DeploymentFlowRunCreate r) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> repo.read(conn, id, now).onItem().ifNull()
                .failWith(() -> new NotFound(NOT_FOUND))
                .chain(stored -> {
                    Deployment d = stored.deployment();
                    ObjectNode parameters = d.parameters() != null && d.parameters().isObject()
                            ? ((ObjectNode) d.parameters()).deepCopy() : JsonNodeFactory.instance.objectNode();
                    if (r.parameters() != null && r.parameters().isObject()) {
                        parameters.setAll((ObjectNode) r.parameters());
                    }
                    if (d.enforceParameterSchema()) {
                        if (d.parameterOpenapiSchema() == null || !d.parameterOpenapiSchema().isObject()) {
                            return Uni.createFrom().failure(new Conflict(
                                    "Error updating deployment: " + NO_SCHEMA));
                        }
                        String problem = JsonSchemas.valuesProblem(parameters, d.parameterOpenapiSchema(), false);
                        if (problem != null) {
                            return Uni.createFrom().failure(new Conflict(
                                    "Error creating flow run: " + problem));
                        }
                    }
                    Uni<UUID> queue = Uni.createFrom().item(stored.workQueueId());
                    String queueName = stored.workQueueNameColumn();
                    if (notBlank(r.workQueueName())) {
                        if (d.workPoolName() == null) {
                            return Uni.createFrom().failure(new Conflict(
                                    "Deployment has no work pool to find work queue '" + r.workQueueName() + "' in."));
                        }
                        queue = pools.queueId(conn, d.workPoolName(), r.workQueueName(), true, now);
                        queueName = r.workQueueName();
                    }
                    LinkedHashSet<String> tags = new LinkedHashSet<>(d.tags());
                    if (r.tags() != null) {
                        tags.addAll(r.tags());
                    }
                    StateCreate state = r.state() != null ? r.state()
                            : new StateCreate(StateType.SCHEDULED, null, null, null, null, null, null);
                    FlowRunCreate run = new FlowRunCreate(state, r.name(), d.flowId(), null, parameters, r.context(),
                            r.parentTaskRunId(), r.infrastructureDocumentId() != null ? r.infrastructureDocumentId()
                                    : d.infrastructureDocumentId(), r.empiricalPolicy(), new ArrayList<>(tags),
                            r.idempotencyKey(), d.id());
                    String finalQueueName = queueName;
                    // one transaction: a queue made for this run is not left behind if the run fails
                    return queue.chain(queueId -> flowRuns.create(conn, run, new HashMap<>(), queueId,
                            finalQueueName));
                }));
    }

    // ---- scheduling and polling

    /**
     * A runner's poll ({@code POST /deployments/get_scheduled_flow_runs}): the SCHEDULED runs of the deployments due by
     * {@code before}, earliest first; the deployments then get their {@code last_polled}.
     */
    public Uni<List<FlowRunResponse>> scheduledFlowRuns(List<UUID> deploymentIds, OffsetDateTime before, int limit) {
        FlowRunFilter runs = FlowRunFilter.empty()
                .withState(FlowRunFilterState.empty().withType(new FlowRunFilterStateType(List.of(StateType.SCHEDULED))))
                .withNextScheduledStartTime(new FlowRunFilterNextScheduledStartTime(before, null));
        EntityFilters filters = EntityFilters.NONE.withFlowRuns(runs)
                .withDeployments(DeploymentFilter.empty().withId(new DeploymentFilterId(deploymentIds)));
        return flowRuns.filter(filters, FlowRunSort.NEXT_SCHEDULED_START_TIME_ASC, limit, 0)
                .call(() -> pool.withTransaction(conn -> scheduledRuns.recordDeploymentPolls(conn, deploymentIds,
                        clock.now())));
    }

    /**
     * {@code POST /deployments/{id}/schedule}: the deployment's runs from {@code start} (now by default), within the
     * scheduler's bounds unless the request gives its own. Nothing for a missing deployment, as in Prefect; 409 for a
     * schedule with no dates to give (a cron expression that never matches).
     */
    public Uni<Void> schedule(UUID id, OffsetDateTime start, OffsetDateTime end, Duration minTime, Integer minRuns,
            Integer maxRuns) {
        OffsetDateTime now = clock.now();
        ServicesConfig.Scheduler bounds = services.scheduler();
        OffsetDateTime from = start == null ? now : start;
        OffsetDateTime until = end != null ? end : from.plus(Timestamps.duration(bounds.maxScheduledTimeSeconds()));
        Duration min = minTime != null ? minTime : Timestamps.duration(bounds.minScheduledTimeSeconds());
        return pool.withTransaction(conn -> scheduling.scheduleRuns(conn, id, from, until, min,
                minRuns != null ? minRuns : bounds.minRuns(), maxRuns != null ? maxRuns : bounds.maxRuns(), true, now))
                .onFailure(ScheduleDates.UnusableSchedule.class).transform(e -> new Conflict(
                        "Error scheduling deployment: " + e.getMessage()))
                .replaceWithVoid();
    }

    /**
     * Resumes or pauses the deployment's schedule; a change of {@code updated} lets the recent-deployments scheduler
     * schedule a resumed one within seconds. Pausing deletes the runs the scheduler made that are still SCHEDULED.
     */
    public Uni<Void> setScheduleActive(UUID id, boolean active) {
        OffsetDateTime now = clock.now();
        return pool.withTransaction(conn -> repo.update(conn, id, Sql.of("is_schedule_active = ?, updated = ?", active,
                now)).call(found -> found && !active ? repo.deleteScheduledRuns(conn, id, true)
                        : Uni.createFrom().voidItem()))
                .chain(found -> found ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }

    /** The deprecated {@code work_queue_check}: the tag-filtered queues whose filter lets this deployment's runs in. */
    public Uni<List<WorkPools.WorkQueue>> workQueueCheck(UUID id) {
        OffsetDateTime now = clock.now();
        return repo.read(pool, id, now).onItem().ifNull().failWith(() -> new NotFound(NOT_FOUND))
                .chain(stored -> pools.repository().queuesAccepting(pool, id, stored.deployment().tags(), now));
    }

    // ---- checks and lookups

    /**
     * A named pool other than the default agent pool must exist, and the infrastructure overrides must fit the
     * variables of its base job template (variables with a default are not required).
     */
    private Uni<Void> checkPool(SqlClient conn, String poolName, JsonNode overrides, OffsetDateTime now) {
        if (!notBlank(poolName) || WorkPools.DEFAULT_AGENT_POOL.equals(poolName)) {
            return Uni.createFrom().voidItem();
        }
        return pools.findPool(conn, poolName, now).onItem().ifNull().failWith(() -> WorkPoolService.poolNotFound(
                poolName)).chain(p -> {
                    String problem = configurationProblem(p.baseJobTemplate(), overrides);
                    return problem == null ? Uni.createFrom().voidItem() : Uni.createFrom().failure(
                            new Conflict("Error creating deployment: " + problem));
                });
    }

    /** Prefect's {@code check_valid_configuration}; null when the overrides fit, else the error's repr. */
    static String configurationProblem(JsonNode template, JsonNode overrides) {
        JsonNode variables = template == null ? null : template.get("variables");
        if (variables == null || variables.isNull()) {
            return null;
        }
        JsonNode schema = variables.deepCopy();
        JsonNode required = schema.get("required");
        JsonNode properties = schema.get("properties");
        if (required instanceof ArrayNode req && properties != null && properties.isObject()) {
            properties.fields().forEachRemaining(e -> {
                if (e.getValue().has("default")) {
                    for (int i = req.size() - 1; i >= 0; i--) {
                        if (req.get(i).asText().equals(e.getKey())) {
                            req.remove(i);
                        }
                    }
                }
            });
        }
        try {
            JsonSchemas.Failure f = JsonSchemas.validate(overrides, schema);
            return f == null ? null : JsonSchemas.Python.validationError(f.message());
        } catch (JsonSchemas.SchemaError e) {
            return "<SchemaError: " + JsonSchemas.Python.repr(e.getMessage()) + ">";
        }
    }

    private void checkParameters(Deployment existing, ObjectNode body, DeploymentUpdate u) {
        boolean enforce = u.enforceParameterSchema() != null ? u.enforceParameterSchema()
                : existing.enforceParameterSchema();
        if (!enforce) {
            return;
        }
        JsonNode schema = existing.parameterOpenapiSchema();
        if (schema == null || !schema.isObject()) {
            throw new Conflict("Error updating deployment: " + NO_SCHEMA);
        }
        JsonNode parameters = u.parameters() != null && !u.parameters().isNull() ? u.parameters()
                : existing.parameters();
        String problem = JsonSchemas.valuesProblem(parameters, schema, true);
        if (problem != null) {
            throw new Conflict("Error updating deployment: " + problem);
        }
    }

    /** The work queue named by pool and queue, by pool alone (its default queue), or by queue alone; else null. */
    private Uni<UUID> resolveQueue(SqlClient conn, String poolName, String queueName, OffsetDateTime now) {
        if (notBlank(poolName) && notBlank(queueName)) {
            return pools.queueId(conn, poolName, queueName, true, now);
        }
        if (notBlank(poolName)) {
            return pools.defaultQueueId(conn, poolName);
        }
        if (notBlank(queueName)) {
            return pools.ensureQueue(conn, queueName, now);
        }
        return Uni.createFrom().nullItem();
    }

    private Uni<Void> checkBlock(SqlClient conn, UUID id, String what) {
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        return repo.blockDocumentExists(conn, id).chain(exists -> exists ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new Conflict("Error creating deployment. Could not find "
                        + what + " with id: " + id + ". This usually occurs when applying a deployment specification"
                        + " that was built against a different Prefect database / workspace.")));
    }

    private static List<Sql> updateSets(ObjectNode body, DeploymentUpdate u, JsonNode schedule) {
        List<Sql> sets = new ArrayList<>();
        Map<String, Object> plain = new java.util.LinkedHashMap<>();
        plain.put("version", u.version());
        plain.put("description", u.description());
        plain.put("is_schedule_active", u.isScheduleActive());
        plain.put("work_queue_name", u.workQueueName());
        plain.put("path", u.path());
        plain.put("entrypoint", u.entrypoint());
        plain.put("manifest_path", u.manifestPath());
        plain.put("storage_document_id", u.storageDocumentId());
        plain.put("infrastructure_document_id", u.infrastructureDocumentId());
        plain.put("enforce_parameter_schema", u.enforceParameterSchema());
        plain.forEach((column, value) -> {
            if (body.has(column)) {
                sets.add(Sql.of(column + " = ?", value));
            }
        });
        if (body.has("schedule")) {
            sets.add(Sql.of("schedule = ?::text::jsonb", schedule == null ? null : schedule.toString()));
        }
        if (body.has("parameters")) {
            sets.add(Sql.of("parameters = ?::text::jsonb", json(u.parameters())));
        }
        if (body.has("tags")) {
            sets.add(Sql.of("tags = ?::text::jsonb", RunMapper.write(u.tags())));
        }
        if (body.has("infra_overrides")) {
            sets.add(Sql.of("infra_overrides = ?::text::jsonb", json(u.infraOverrides())));
        }
        return sets;
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isEmpty();
    }
}
