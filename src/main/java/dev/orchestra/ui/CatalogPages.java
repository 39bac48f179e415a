package dev.orchestra.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.errors.DomainError;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.ConcurrencyLimit;
import dev.orchestra.schemas.Deployments.Deployment;
import dev.orchestra.schemas.Flow;
import dev.orchestra.schemas.WorkPools.WorkPool;
import dev.orchestra.schemas.WorkPools.WorkQueue;
import dev.orchestra.schemas.WorkPools.Worker;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.sorting.DeploymentSort;
import dev.orchestra.schemas.sorting.FlowRunSort;
import dev.orchestra.schemas.sorting.FlowSort;
import dev.orchestra.service.ConcurrencyLimitService;
import dev.orchestra.service.DeploymentService;
import dev.orchestra.service.FlowRunService;
import dev.orchestra.service.FlowService;
import dev.orchestra.service.WorkPoolService;
import dev.orchestra.service.WorkQueueService;
import dev.orchestra.ui.Views.Notice;
import dev.orchestra.ui.Views.RunRow;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The catalogue pages of the web UI: flows, deployments, work pools and their queues, concurrency limits. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class CatalogPages {

    static final int ROWS = RunPages.PAGE_ROWS;
    static final int RECENT_RUNS = RunPages.DASHBOARD_ROWS;

    /** A deployment in a table, with its flow's name and a readable schedule. */
    public record DeploymentRow(Deployment deployment, String flowName, String schedule) {
    }

    /** A tag limit with how full it is, in percent. */
    public record LimitRow(ConcurrencyLimit limit, int percentUsed) {
        static LimitRow of(ConcurrencyLimit l) {
            int used = l.activeSlots() == null ? 0 : l.activeSlots().size();
            return new LimitRow(l, l.concurrencyLimit() <= 0 ? 100 : Math.min(100, used * 100 / l.concurrencyLimit()));
        }
    }

    /** A work pool with its queues. */
    public record PoolRow(WorkPool pool, List<WorkQueue> queues) {
    }

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance flows(List<Flow> flows, String search);

        static native TemplateInstance flow(Flow flow, List<DeploymentRow> deployments, List<RunRow> runs);

        static native TemplateInstance deployments(List<DeploymentRow> deployments);

        static native TemplateInstance deployment(DeploymentRow row, String parameters, List<RunRow> runs);

        static native TemplateInstance workPools(List<PoolRow> pools);

        static native TemplateInstance workPool(WorkPool pool, List<WorkQueue> queues, List<Worker> workers,
                List<RunRow> runs);

        static native TemplateInstance concurrencyLimits(List<LimitRow> limits, Notice notice);
    }

    private final FlowService flows;
    private final DeploymentService deployments;
    private final FlowRunService runs;
    private final WorkPoolService pools;
    private final WorkQueueService queues;
    private final ConcurrencyLimitService limits;
    private final Lookups lookups;
    private final ObjectMapper mapper;

    public CatalogPages(FlowService flows, DeploymentService deployments, FlowRunService runs, WorkPoolService pools,
            WorkQueueService queues, ConcurrencyLimitService limits, Lookups lookups, ObjectMapper mapper) {
        this.flows = flows;
        this.deployments = deployments;
        this.runs = runs;
        this.pools = pools;
        this.queues = queues;
        this.limits = limits;
        this.lookups = lookups;
        this.mapper = mapper;
    }

    @GET
    @Path("/flows")
    public Uni<String> flows(@QueryParam("q") String q) {
        String search = q == null ? "" : q.trim();
        EntityFilters filters = search.isEmpty() ? EntityFilters.NONE : EntityFilters.NONE.withFlows(
                mapper.convertValue(java.util.Map.of("name", java.util.Map.of("like_", search)), FlowFilter.class));
        return flows.filter(filters, FlowSort.NAME_ASC, ROWS, 0)
                .chain(list -> Templates.flows(list, search).createUni());
    }

    @GET
    @Path("/flows/flow/{id}")
    public Uni<String> flow(@PathParam("id") String id) {
        UUID flowId = Ids.require(id, "Flow");
        EntityFilters ofFlow = EntityFilters.NONE.withFlows(lookups.anyOf(FlowFilter.class, "id", List.of(flowId)));
        return flows.read(flowId).chain(flow -> deployments.filter(ofFlow, DeploymentSort.NAME_ASC, ROWS, 0)
                .chain(this::deploymentRows)
                .chain(deps -> recentRuns(ofFlow).chain(r -> Templates.flow(flow, deps, r).createUni())));
    }

    @GET
    @Path("/deployments")
    public Uni<String> deployments() {
        return deployments.filter(EntityFilters.NONE, DeploymentSort.NAME_ASC, ROWS, 0).chain(this::deploymentRows)
                .chain(rows -> Templates.deployments(rows).createUni());
    }

    @GET
    @Path("/deployments/deployment/{id}")
    public Uni<String> deployment(@PathParam("id") String id) {
        UUID deploymentId = Ids.require(id, "Deployment");
        EntityFilters ofDeployment = EntityFilters.NONE.withDeployments(lookups.anyOf(DeploymentFilter.class, "id",
                List.of(deploymentId)));
        return deployments.read(deploymentId).chain(d -> deploymentRows(List.of(d)))
                .chain(rows -> recentRuns(ofDeployment).chain(r -> Templates.deployment(rows.get(0),
                        Views.prettyJson(mapper, rows.get(0).deployment().parameters()), r).createUni()));
    }

    @GET
    @Path("/work-pools")
    public Uni<String> workPools() {
        return pools.filter(null, ROWS, 0).chain(list -> queues.filter(null, ROWS * 5, 0).map(all -> {
            Map<UUID, List<WorkQueue>> byPool = new HashMap<>();
            all.forEach(q -> byPool.computeIfAbsent(q.workPoolId(), k -> new ArrayList<>()).add(q));
            return list.stream().map(p -> new PoolRow(p, byPool.getOrDefault(p.id(), List.of()))).toList();
        })).chain(rows -> Templates.workPools(rows).createUni());
    }

    @GET
    @Path("/work-pools/work-pool/{name}")
    public Uni<String> workPool(@PathParam("name") String name) {
        EntityFilters ofPool = EntityFilters.NONE.withWorkPools(lookups.anyOf(WorkPoolFilter.class, "name",
                List.of(name)));
        return pools.read(name).chain(pool -> pools.filterQueues(name, null, ROWS, 0)
                .chain(q -> pools.filterWorkers(name, null, ROWS, 0)
                        .chain(w -> recentRuns(ofPool)
                                .chain(r -> Templates.workPool(pool, q, w, r).createUni()))));
    }

    @GET
    @Path("/concurrency-limits")
    public Uni<String> concurrencyLimits() {
        return limitsPage(null);
    }

    @POST
    @Path("/concurrency-limits/{id}/reset")
    public Uni<String> reset(@PathParam("id") String id, @HeaderParam("HX-Request") String htmx) {
        UUID limitId = Ids.require(id, "Concurrency limit");
        RunPages.requireHtmx(htmx);
        return limits.read(limitId).chain(l -> limits.reset(l.tag(), null)
                .chain(() -> limitsPage(new Notice("ok", "The slots of tag " + l.tag() + " were released."))));
    }

    private Uni<String> limitsPage(Notice notice) {
        return limits.list(0, ROWS).chain(list -> Templates.concurrencyLimits(
                list.stream().map(LimitRow::of).toList(), notice).createUni());
    }

    private Uni<List<RunRow>> recentRuns(EntityFilters filters) {
        return runs.filter(filters, FlowRunSort.EXPECTED_START_TIME_DESC, RECENT_RUNS, 0).chain(lookups::runRows);
    }

    private Uni<List<DeploymentRow>> deploymentRows(List<Deployment> list) {
        return lookups.flowNames(list.stream().map(Deployment::flowId).toList()).map(names -> list.stream()
                .map(d -> new DeploymentRow(d, names.getOrDefault(d.flowId(), ""), schedule(d.schedule()))).toList());
    }

    /** A schedule in a few words: {@code every 1h}, {@code cron 0 * * * *}, {@code rrule FREQ=DAILY}. */
    static String schedule(JsonNode s) {
        if (s == null || s.isNull() || !s.isObject()) {
            return "";
        }
        if (s.hasNonNull("interval")) {
            double seconds = s.get("interval").asDouble();
            return "every " + UiFormat.duration(java.time.Duration.ofMillis((long) (seconds * 1000)));
        }
        if (s.hasNonNull("cron")) {
            String tz = s.hasNonNull("timezone") ? " (" + s.get("timezone").asText() + ")" : "";
            return "cron " + s.get("cron").asText() + tz;
        }
        if (s.hasNonNull("rrule")) {
            return "rrule " + s.get("rrule").asText();
        }
        return "";
    }

    @ServerExceptionMapper
    public Uni<Response> error(DomainError e) {
        return UiErrors.page(e);
    }
}
