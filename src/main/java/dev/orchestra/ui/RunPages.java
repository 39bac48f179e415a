package dev.orchestra.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.DomainError;
import dev.orchestra.errors.Forbidden;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.schemas.Deployments.Deployment;
import dev.orchestra.schemas.Flow;
import dev.orchestra.schemas.FlowRunResponse;
import dev.orchestra.schemas.LogFilter;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateCreate;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRun;
import dev.orchestra.schemas.TaskRunInput;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.sorting.FlowRunSort;
import dev.orchestra.schemas.sorting.FlowSort;
import dev.orchestra.schemas.sorting.TaskRunSort;
import dev.orchestra.service.DeploymentService;
import dev.orchestra.service.FlowRunService;
import dev.orchestra.service.FlowService;
import dev.orchestra.service.HistoryService;
import dev.orchestra.service.LogService;
import dev.orchestra.service.OrchestrationService;
import dev.orchestra.service.StateService;
import dev.orchestra.service.TaskRunService;
import dev.orchestra.ui.Views.LogLine;
import dev.orchestra.ui.Views.Notice;
import dev.orchestra.ui.Views.RunRow;
import dev.orchestra.ui.Views.Span;
import dev.orchestra.ui.Views.TaskRow;
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
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The run pages of the web UI at Prefect's UI paths: the runs dashboard, a flow run (the page every
 * "View at .../flow-runs/flow-run/{id}" link of the Prefect client opens) and a task run, with the cancel and
 * resume actions. Pages read through the same services as the API and render on the server (Qute); htmx
 * re-fetches the live part of a page while its run is going.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class RunPages {

    /** Rows a page shows at most: bounded database work for any run. */
    static final int PAGE_ROWS = 200;
    static final int DASHBOARD_ROWS = 50;
    static final int LOG_LINES = 500;
    static final int GRAPH_NODES = 500;

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance dashboard(String nav, RunQuery query, List<RunQuery.Range> ranges,
                List<StateType> stateTypes, List<Flow> flows, HistoryChart history, List<RunRow> runs);

        static native TemplateInstance flowRun(FlowRunResponse run, Flow flow, Deployment deployment,
                FlowRunResponse parent, List<Span> timeline, List<TaskRow> taskRuns, long taskRunCount,
                List<RunRow> subflows, GraphLayout.View graph, String graphMessage, List<LogLine> logs,
                String parameters, boolean cancellable, boolean resumable, boolean live, Notice notice);

        static native TemplateInstance taskRun(TaskRun task, FlowRunResponse flowRun, Flow flow, List<Span> timeline,
                List<TaskRow> upstream, List<RunRow> subflows, List<LogLine> logs, boolean live);
    }

    private final FlowRunService runs;
    private final TaskRunService taskRuns;
    private final FlowService flows;
    private final DeploymentService deployments;
    private final StateService states;
    private final LogService logs;
    private final HistoryService history;
    private final OrchestrationService orchestration;
    private final Lookups lookups;
    private final ObjectMapper mapper;
    private final OrchestraClock clock;

    public RunPages(FlowRunService runs, TaskRunService taskRuns, FlowService flows, DeploymentService deployments,
            StateService states, LogService logs, HistoryService history, OrchestrationService orchestration,
            Lookups lookups, ObjectMapper mapper, OrchestraClock clock) {
        this.lookups = lookups;
        this.runs = runs;
        this.taskRuns = taskRuns;
        this.flows = flows;
        this.deployments = deployments;
        this.states = states;
        this.logs = logs;
        this.history = history;
        this.orchestration = orchestration;
        this.mapper = mapper;
        this.clock = clock;
    }

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/dashboard")).build();
    }

    @GET
    @Path("/dashboard")
    public Uni<String> dashboard(@QueryParam("flow") String flow, @QueryParam("state") List<String> state,
            @QueryParam("tags") String tags, @QueryParam("range") String range) {
        return runsPage("dashboard", RunQuery.parse(flow, state, tags, range));
    }

    @GET
    @Path("/flow-runs")
    public Uni<String> flowRuns(@QueryParam("flow") String flow, @QueryParam("state") List<String> state,
            @QueryParam("tags") String tags, @QueryParam("range") String range) {
        return runsPage("flow-runs", RunQuery.parse(flow, state, tags, range));
    }

    private Uni<String> runsPage(String nav, RunQuery query) {
        OffsetDateTime now = clock.now();
        // the chart's window ends at the end of the current interval, so bars start on round times
        long step = query.range().intervalSeconds;
        OffsetDateTime end = OffsetDateTime.ofInstant(
                java.time.Instant.ofEpochSecond((now.toEpochSecond() / step + 1) * step), java.time.ZoneOffset.UTC);
        OffsetDateTime start = end.minus(query.range().length);
        Page p = new Page();
        return flowChoices(query.flowId()).invoke(f -> p.flows = f)
                .chain(() -> history.flowRuns(start, end, query.range().intervalSeconds,
                        query.historyFilters(mapper)))
                .invoke(h -> p.chart = HistoryChart.of(h, query.range().intervalSeconds, mapper))
                .chain(() -> runs.filter(query.runFilters(mapper, start), FlowRunSort.EXPECTED_START_TIME_DESC,
                        DASHBOARD_ROWS, 0))
                .chain(lookups::runRows)
                .chain(rows -> Templates.dashboard(nav, query, List.of(RunQuery.Range.values()),
                        HistoryChart.ORDER, p.flows, p.chart, rows).createUni());
    }

    /** The flows the filter offers: the most recently created ones, by name, and always the one selected. */
    private Uni<List<Flow>> flowChoices(UUID selected) {
        return flows.filter(EntityFilters.NONE, FlowSort.CREATED_DESC, PAGE_ROWS, 0).chain(recent -> {
            boolean missing = selected != null && recent.stream().noneMatch(f -> f.id().equals(selected));
            Uni<List<Flow>> withSelected = !missing ? Uni.createFrom().item(recent)
                    : flows.read(selected).onFailure(DomainError.class).recoverWithNull().map(f -> {
                        List<Flow> all = new ArrayList<>(recent);
                        if (f != null) {
                            all.add(f);
                        }
                        return all;
                    });
            return withSelected.map(list -> list.stream()
                    .sorted(java.util.Comparator.comparing(Flow::name)).toList());
        });
    }

    @GET
    @Path("/flow-runs/flow-run/{id}")
    public Uni<String> flowRun(@PathParam("id") String id) {
        return flowRunPage(Ids.require(id, "Flow run"), null);
    }

    @POST
    @Path("/flow-runs/flow-run/{id}/cancel")
    public Uni<String> cancel(@PathParam("id") String id, @HeaderParam("HX-Request") String htmx) {
        UUID runId = Ids.require(id, "Flow run");
        requireHtmx(htmx);
        StateCreate cancelling = new StateCreate(StateType.CANCELLING, null, "Cancelled from the web UI", null, null,
                null, null);
        return orchestration.setFlowRunState(runId, cancelling, false, Map.of())
                .chain(o -> flowRunPage(runId, Notice.of("Cancel", o.result())));
    }

    @POST
    @Path("/flow-runs/flow-run/{id}/resume")
    public Uni<String> resume(@PathParam("id") String id, @HeaderParam("HX-Request") String htmx) {
        UUID runId = Ids.require(id, "Flow run");
        requireHtmx(htmx);
        return orchestration.resumeFlowRun(runId, null, Map.of())
                .chain(o -> flowRunPage(runId, Notice.of("Resume", o.result())));
    }

    private Uni<String> flowRunPage(UUID id, Notice notice) {
        OffsetDateTime now = clock.now();
        Page p = new Page();
        return runs.read(id).invoke(r -> p.run = r)
                .chain(() -> flows.read(p.run.flowId()).onFailure(DomainError.class).recoverWithNull())
                .invoke(f -> p.flow = f)
                .chain(() -> p.run.deploymentId() == null ? Uni.createFrom().nullItem()
                        : deployments.read(p.run.deploymentId()).onFailure(DomainError.class)
                                .recoverWithNull())
                .invoke(d -> p.deployment = d)
                .chain(() -> parentOf(p.run))
                .invoke(parent -> p.parent = parent)
                .chain(() -> states.flowRunStates(id))
                .invoke(s -> p.timeline = Views.timeline(s, p.run.endTime(), now))
                .chain(() -> taskRuns.filter(tasksOf(id), TaskRunSort.EXPECTED_START_TIME_ASC, PAGE_ROWS, 0))
                .invoke(t -> p.tasks = t.stream().map(TaskRow::of).toList())
                .chain(() -> p.tasks.size() < PAGE_ROWS ? Uni.createFrom().item((long) p.tasks.size())
                        : taskRuns.count(tasksOf(id)))
                .invoke(c -> p.taskCount = c)
                .chain(() -> runs.filter(subflowsOf("parent_flow_run_id", id), FlowRunSort.START_TIME_ASC,
                        PAGE_ROWS, 0))
                .chain(lookups::runRows).invoke(r -> p.subflows = r)
                .chain(() -> runs.graphV2(id, OffsetDateTime.parse("0001-01-01T00:00:00Z"), GRAPH_NODES)
                        .map(GraphLayout::layout)
                        .onFailure(DomainError.class).invoke(e -> p.graphMessage = e.getMessage())
                        .onFailure(DomainError.class).recoverWithNull())
                .invoke(g -> p.graph = g)
                .chain(() -> lastLogs(new LogFilter(null, null, null, new LogFilter.FlowRunId(List.of(id)), null)))
                .chain(l -> {
                    FlowRunResponse run = p.run;
                    boolean live = run.stateType() == null || !run.stateType().isFinal();
                    return Templates.flowRun(run, p.flow, p.deployment, p.parent, p.timeline, p.tasks, p.taskCount,
                            p.subflows, p.graph, p.graphMessage, l, Views.prettyJson(mapper, run.parameters()),
                            cancellable(run.stateType()), run.stateType() == StateType.PAUSED, live, notice).createUni();
                });
    }

    @GET
    @Path("/flow-runs/task-run/{id}")
    public Uni<String> taskRun(@PathParam("id") String id) {
        UUID taskId = Ids.require(id, "Task run");
        OffsetDateTime now = clock.now();
        Page p = new Page();
        return taskRuns.read(taskId).invoke(t -> p.task = t)
                .chain(() -> p.task.flowRunId() == null ? Uni.createFrom().nullItem()
                        : runs.read(p.task.flowRunId()).onFailure(DomainError.class).recoverWithNull())
                .invoke(r -> p.run = r)
                .chain(() -> p.run == null ? Uni.createFrom().nullItem()
                        : flows.read(p.run.flowId()).onFailure(DomainError.class).recoverWithNull())
                .invoke(f -> p.flow = f)
                .chain(() -> states.taskRunStates(taskId))
                .invoke(s -> p.timeline = Views.timeline(s, p.task.endTime(), now))
                .chain(() -> upstream(p.task))
                .invoke(u -> p.tasks = u)
                .chain(() -> runs.filter(subflowsOf("parent_task_run_id", taskId), FlowRunSort.START_TIME_ASC,
                        PAGE_ROWS, 0))
                .chain(lookups::runRows).invoke(r -> p.subflows = r)
                .chain(() -> lastLogs(new LogFilter(null, null, null, null, new LogFilter.TaskRunId(List.of(taskId)))))
                .chain(l -> Templates.taskRun(p.task, p.run, p.flow, p.timeline, p.tasks, p.subflows, l,
                        p.task.stateType() == null || !p.task.stateType().isFinal()).createUni());
    }

    /** The task runs whose results this one takes as inputs. */
    private Uni<List<TaskRow>> upstream(TaskRun task) {
        Set<UUID> ids = new LinkedHashSet<>();
        if (task.taskInputs() != null) {
            for (List<TaskRunInput> inputs : task.taskInputs().values()) {
                for (TaskRunInput in : inputs) {
                    if (in instanceof TaskRunInput.TaskRunResult r && r.id() != null) {
                        ids.add(r.id());
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return taskRuns.filter(EntityFilters.NONE.withTaskRuns(lookups.anyOf(TaskRunFilter.class, "id", ids)),
                TaskRunSort.EXPECTED_START_TIME_ASC, PAGE_ROWS, 0)
                .map(l -> l.stream().map(TaskRow::of).toList());
    }

    /** The flow run of the task run that started this subflow run; null for a top-level run. */
    private Uni<FlowRunResponse> parentOf(FlowRunResponse run) {
        if (run.parentTaskRunId() == null) {
            return Uni.createFrom().nullItem();
        }
        return taskRuns.read(run.parentTaskRunId())
                .chain(t -> t.flowRunId() == null ? Uni.createFrom().nullItem() : runs.read(t.flowRunId()))
                .onFailure(DomainError.class).recoverWithNull();
    }

    /** The newest log lines, oldest first. */
    private Uni<List<LogLine>> lastLogs(LogFilter filter) {
        return logs.filter(filter, false, 0, LOG_LINES).map(l -> {
            List<LogLine> lines = new ArrayList<>(l.stream().map(LogLine::of).toList());
            Collections.reverse(lines);
            return lines;
        });
    }

    private EntityFilters tasksOf(UUID flowRunId) {
        return EntityFilters.NONE.withTaskRuns(lookups.anyOf(TaskRunFilter.class, "flow_run_id", List.of(flowRunId)));
    }

    private EntityFilters subflowsOf(String field, UUID id) {
        return EntityFilters.NONE.withFlowRuns(lookups.anyOf(FlowRunFilter.class, field, List.of(id)));
    }

    /** Prefect's UI offers to cancel a run that is scheduled, pending, running or paused. */
    static boolean cancellable(StateType type) {
        return type == StateType.SCHEDULED || type == StateType.PENDING || type == StateType.RUNNING
                || type == StateType.PAUSED;
    }

    /**
     * State changes come from the page's buttons (htmx sends {@code HX-Request}); a form posted from another
     * site cannot set that header without a CORS preflight, so it cannot cancel runs or reset limits.
     */
    static void requireHtmx(String htmx) {
        if (!"true".equals(htmx)) {
            throw new Forbidden("State changes from the web UI need its page (HX-Request).");
        }
    }

    @ServerExceptionMapper
    public Uni<Response> error(DomainError e) {
        return UiErrors.page(e);
    }

    /** What a page gathers, one query after another on the request's context. */
    private static final class Page {
        FlowRunResponse run;
        FlowRunResponse parent;
        TaskRun task;
        Flow flow;
        Deployment deployment;
        List<Flow> flows;
        HistoryChart chart;
        List<Span> timeline;
        List<TaskRow> tasks;
        long taskCount;
        List<RunRow> subflows;
        GraphLayout.View graph;
        String graphMessage;
    }
}
