import dev.orchestra.client.ApiClient;
import dev.orchestra.client.api.FlowRunsApi;
import dev.orchestra.client.api.FlowsApi;
import dev.orchestra.client.api.TaskRunsApi;
import dev.orchestra.client.model.Flow;
import dev.orchestra.client.model.FlowCreate;
import dev.orchestra.client.model.FlowRunCountRequest;
import dev.orchestra.client.model.FlowRunCreate;
import dev.orchestra.client.model.FlowRunFilter;
import dev.orchestra.client.model.FlowRunFilterId;
import dev.orchestra.client.model.FlowRunFilterRequest;
import dev.orchestra.client.model.FlowRunHistoryRequest;
import dev.orchestra.client.model.FlowRunResponse;
import dev.orchestra.client.model.FlowRunUpdate;
import dev.orchestra.client.model.HistoryResponse;
import dev.orchestra.client.model.OrchestrationResult;
import dev.orchestra.client.model.SetStateRequest;
import dev.orchestra.client.model.SetStateStatus;
import dev.orchestra.client.model.StateCreate;
import dev.orchestra.client.model.StateType;
import dev.orchestra.client.model.TaskRun;
import dev.orchestra.client.model.TaskRunCountRequest;
import dev.orchestra.client.model.TaskRunCreate;
import dev.orchestra.client.model.TaskRunFilter;
import dev.orchestra.client.model.TaskRunFilterFlowRunId;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Plain Java over the client OpenAPI Generator makes from the served document (compiled with it by
 * JavaClientTest): a flow run and a task run through their lives, each answer checked; any mismatch throws.
 */
public final class JavaClientLifecycle {

    private JavaClientLifecycle() {
    }

    public static String run(String baseUrl) throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUrl);
        FlowsApi flows = new FlowsApi(client);
        FlowRunsApi flowRuns = new FlowRunsApi(client);
        TaskRunsApi taskRuns = new TaskRunsApi(client);
        StringBuilder report = new StringBuilder();

        Flow flow = flows.createFlowFlowsPost(new FlowCreate().name("java-client-" + UUID.randomUUID()));
        check(flow.getId() != null, "the created flow has an id");

        FlowRunResponse created = flowRuns.createFlowRunFlowRunsPost(new FlowRunCreate().flowId(flow.getId())
                .name("generated-java-client").tags(List.of("java-client"))
                .state(new StateCreate().type(StateType.PENDING)), null);
        UUID runId = created.getId();
        check(runId != null, "the created flow run has an id");
        check(flow.getId().equals(created.getFlowId()), "the created run names its flow: " + created.getFlowId());
        check(created.getStateType() == StateType.PENDING, "the created run is PENDING: " + created.getStateType());
        report.append("created ").append(runId).append('\n');

        setFlowRunState(flowRuns, runId, StateType.RUNNING, report);
        // a task runs while its flow run is RUNNING (the rules abort it in a finished flow run)
        TaskRun task = taskRuns.createTaskRunTaskRunsPost(new TaskRunCreate().flowRunId(runId).taskKey("task-key")
                .dynamicKey("0").name("java-client-task").state(new StateCreate().type(StateType.PENDING)), null);
        check(task.getId() != null && runId.equals(task.getFlowRunId()), "the task run belongs to the flow run");
        for (StateType type : List.of(StateType.RUNNING, StateType.COMPLETED)) {
            OrchestrationResult result = taskRuns.setTaskRunStateTaskRunsIdSetStatePost(task.getId(),
                    new SetStateRequest().state(new StateCreate().type(type)), null);
            check(result.getStatus() == SetStateStatus.ACCEPT, "task " + type + " is accepted: " + result.getStatus());
        }
        TaskRun taskRead = taskRuns.readTaskRunTaskRunsIdGet(task.getId());
        check(taskRead.getStateType() == StateType.COMPLETED && taskRead.getStartTime() != null,
                "the task run is read back COMPLETED with its start time");
        Long tasks = taskRuns.countTaskRunsTaskRunsCountPost(new TaskRunCountRequest()
                .taskRuns(new TaskRunFilter().flowRunId(new TaskRunFilterFlowRunId().any(List.of(runId)))));
        check(tasks == 1L, "one task run in the flow run: " + tasks);

        setFlowRunState(flowRuns, runId, StateType.COMPLETED, report);

        List<FlowRunResponse> found = flowRuns.readFlowRunsFlowRunsFilterPost(new FlowRunFilterRequest()
                .flowRuns(new FlowRunFilter().id(new FlowRunFilterId().any(List.of(runId)))).limit(10));
        check(found.size() == 1 && runId.equals(found.get(0).getId()), "the filter by id finds the run: " + found);

        FlowRunResponse read = flowRuns.readFlowRunFlowRunsIdGet(runId);
        check(flow.getId().equals(read.getFlowId()), "flow_id is read back: " + read.getFlowId());
        check(read.getStateType() == StateType.COMPLETED, "state_type is read back: " + read.getStateType());
        check(read.getStartTime() != null, "start_time is read back");
        check(read.getEndTime() != null, "end_time is read back");
        check(read.getTotalRunTime() != null && read.getTotalRunTime().compareTo(BigDecimal.ZERO) >= 0,
                "total_run_time is read back: " + read.getTotalRunTime());
        check(read.getState() != null && read.getState().getType() == StateType.COMPLETED, "the state is read back");
        check(List.of("java-client").equals(read.getTags()), "tags are read back: " + read.getTags());

        flowRuns.updateFlowRunFlowRunsIdPatch(runId, new FlowRunUpdate().name("renamed-by-java-client"));
        check("renamed-by-java-client".equals(flowRuns.readFlowRunFlowRunsIdGet(runId).getName()),
                "the PATCH renamed the run");

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<HistoryResponse> history = flowRuns.flowRunHistoryFlowRunsHistoryPost(new FlowRunHistoryRequest()
                .historyStart(now.minusHours(1)).historyEnd(now.plusHours(1))
                .historyIntervalSeconds(3600.0)
                .flowRuns(new FlowRunFilter().id(new FlowRunFilterId().any(List.of(runId)))));
        check(history.size() == 2, "two intervals of history: " + history.size());
        long completed = history.stream().flatMap(h -> h.getStates().stream())
                .filter(s -> s.getStateType() == StateType.COMPLETED).mapToLong(s -> s.getCountRuns()).sum();
        check(completed == 1, "the history counts the completed run: " + history);

        Long count = flowRuns.countFlowRunsFlowRunsCountPost(new FlowRunCountRequest()
                .flowRuns(new FlowRunFilter().id(new FlowRunFilterId().any(List.of(runId)))));
        check(count == 1L, "count by id: " + count);

        flowRuns.deleteFlowRunFlowRunsIdDelete(runId);
        try {
            flowRuns.readFlowRunFlowRunsIdGet(runId);
            throw new IllegalStateException("the deleted run is still there");
        } catch (dev.orchestra.client.ApiException e) {
            check(e.getCode() == 404, "a deleted run is a 404: " + e.getCode());
        }
        flows.deleteFlowFlowsIdDelete(flow.getId());
        report.append("deleted ").append(runId);
        return report.toString();
    }

    private static void setFlowRunState(FlowRunsApi flowRuns, UUID runId, StateType type, StringBuilder report)
            throws Exception {
        OrchestrationResult result = flowRuns.setFlowRunStateFlowRunsIdSetStatePost(runId,
                new SetStateRequest().state(new StateCreate().type(type)), null);
        check(result.getStatus() == SetStateStatus.ACCEPT, type + " is accepted: " + result.getStatus());
        check(result.getState() != null && result.getState().getType() == type,
                "the result carries the new state: " + result.getState());
        report.append(type).append(' ').append(result.getStatus()).append('\n');
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("generated client: expected " + what);
        }
    }
}
