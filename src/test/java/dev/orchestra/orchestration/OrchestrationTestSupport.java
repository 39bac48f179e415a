package dev.orchestra.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.persistence.entity.FlowRunEntity;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRunPolicy;
import dev.orchestra.testing.CapturedLogs;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The Java twin of Prefect's {@code initialize_orchestration} fixture: an in-memory store, a fixed "now", a run
 * whose initial state was committed with force (through the minimal policy and the bookkeeping transforms,
 * as the fixture does), and a context proposing the new state. {@link #orchestrate} runs a context through
 * exactly the given rules and nothing else, as Prefect's tests enter rules one by one. Many of Prefect's tests make
 * rules fail on purpose: the engine's error logs are captured, not printed (printed when a test fails).
 */
@CapturedLogs.Capture("dev.orchestra.orchestration")
abstract class OrchestrationTestSupport {

    enum RunType { TASK, FLOW }

    static final OffsetDateTime NOW = OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    final MemoryStore store = new MemoryStore();
    final OrchestrationEngine engine = new OrchestrationEngine();

    /** Options of the fixture, named after Prefect's keyword arguments. */
    static final class Setup {
        StateDetails initialDetails = StateDetails.EMPTY;
        String initialName;
        JsonNode initialData;
        StateDetails proposedDetails = StateDetails.EMPTY;
        String proposedName;
        Integer flowRetries;
        int flowRunCount;
        boolean resuming;
        List<String> runTags;
        StateType initialFlowRunStateType;
        StateDetails initialFlowRunStateDetails = StateDetails.EMPTY;
        UUID runOverride;
        Map<String, Object> parameters = Map.of();
        Consumer<FlowRunEntity> flowRun = r -> { };
        Consumer<TaskRunEntity> taskRun = r -> { };
        FlowRunPolicy flowPolicy;
        TaskRunPolicy taskPolicy;

        Setup initialDetails(StateDetails v) {
            initialDetails = v;
            return this;
        }

        Setup initialName(String v) {
            initialName = v;
            return this;
        }

        Setup initialData(JsonNode v) {
            initialData = v;
            return this;
        }

        Setup proposedDetails(StateDetails v) {
            proposedDetails = v;
            return this;
        }

        Setup proposedName(String v) {
            proposedName = v;
            return this;
        }

        Setup flowRetries(Integer v) {
            flowRetries = v;
            return this;
        }

        Setup flowRunCount(int v) {
            flowRunCount = v;
            return this;
        }

        Setup resuming(boolean v) {
            resuming = v;
            return this;
        }

        Setup runTags(String... v) {
            runTags = List.of(v);
            return this;
        }

        Setup initialFlowRunStateType(StateType v) {
            initialFlowRunStateType = v;
            return this;
        }

        Setup initialFlowRunStateDetails(StateDetails v) {
            initialFlowRunStateDetails = v;
            return this;
        }

        Setup runOverride(UUID v) {
            runOverride = v;
            return this;
        }

        Setup parameters(Map<String, Object> v) {
            parameters = v;
            return this;
        }

        /**
         * Changes the flow run row after the initial state was committed (Prefect's tests set {@code ctx.run}
         * fields, or those of {@code await ctx.flow_run()} for a task).
         */
        Setup flowRun(Consumer<FlowRunEntity> v) {
            flowRun = v;
            return this;
        }

        /** Changes the task run row after the initial state was committed. */
        Setup taskRun(Consumer<TaskRunEntity> v) {
            taskRun = v;
            return this;
        }

        /** Replaces the flow run's policy after the initial state was committed ({@code ctx.run_settings}). */
        Setup flowPolicy(FlowRunPolicy v) {
            flowPolicy = v;
            return this;
        }

        /** Replaces the task run's policy after the initial state was committed. */
        Setup taskPolicy(TaskRunPolicy v) {
            taskPolicy = v;
            return this;
        }
    }

    static Setup setup() {
        return new Setup();
    }

    OrchestrationContext initialize(RunType type, StateType initial, StateType proposed) {
        return initialize(type, initial, proposed, setup());
    }

    OrchestrationContext initialize(RunType type, StateType initial, StateType proposed, Setup s) {
        return type == RunType.TASK ? initializeTask(initial, proposed, s) : initializeFlow(initial, proposed, s);
    }

    FlowOrchestrationContext initializeFlow(StateType initial, StateType proposed, Setup s) {
        UUID runId = s.runOverride != null ? s.runOverride : newFlowRun(s);
        if (s.runTags != null) {
            store.updateFlowRunRow(runId, r -> r.tags = new ArrayList<>(s.runTags));
        }
        if (initial != null) {
            force(RunType.FLOW, runId, initialState(initial, s.initialName, s.initialDetails, s.initialData));
        }
        store.updateFlowRunRow(runId, s.flowRun);
        if (s.flowPolicy != null) {
            store.setFlowPolicy(runId, s.flowPolicy);
        }
        return store.flowContext(runId, proposedState(proposed, s), false, s.parameters, NOW);
    }

    TaskOrchestrationContext initializeTask(StateType initial, StateType proposed, Setup s) {
        UUID runId;
        if (s.runOverride != null) {
            runId = s.runOverride;
        } else {
            UUID flowRunId = newFlowRun(s);
            if (s.initialFlowRunStateType != null) {
                force(RunType.FLOW, flowRunId,
                        initialState(s.initialFlowRunStateType, null, s.initialFlowRunStateDetails, null));
            }
            runId = newTaskRun(flowRunId);
        }
        if (s.runTags != null) {
            store.updateTaskRunRow(runId, r -> r.tags = new ArrayList<>(s.runTags));
        }
        if (initial != null) {
            force(RunType.TASK, runId, initialState(initial, s.initialName, s.initialDetails, s.initialData));
        }
        UUID flowRunId = store.taskRunRow(runId).flowRunId;
        if (flowRunId != null && store.flowRunRow(flowRunId) != null) {
            store.updateFlowRunRow(flowRunId, s.flowRun);
        }
        store.updateTaskRunRow(runId, s.taskRun);
        if (s.taskPolicy != null) {
            store.setTaskPolicy(runId, s.taskPolicy);
        }
        return store.taskContext(runId, proposedState(proposed, s), false, s.parameters, NOW);
    }

    UUID newFlowRun(Setup s) {
        FlowRunEntity run = new FlowRunEntity();
        run.id = UUID.randomUUID();
        run.flowId = UUID.randomUUID();
        run.name = "flow-run-" + run.id;
        run.runCount = s.flowRunCount;
        store.putFlowRun(run, new FlowRunPolicy(null, null, s.flowRetries, null, null, s.resuming));
        return run.id;
    }

    UUID newTaskRun(UUID flowRunId) {
        TaskRunEntity run = new TaskRunEntity();
        run.id = UUID.randomUUID();
        run.flowRunId = flowRunId;
        run.name = "task-run-" + run.id;
        run.taskKey = "my-key";
        run.dynamicKey = "0";
        store.putTaskRun(run, TaskRunPolicy.DEFAULT);
        return run.id;
    }

    static State initialState(StateType type, String name, StateDetails details, JsonNode data) {
        return new State(UUID.randomUUID(), type, name, NOW.minusSeconds(5), null, data, details);
    }

    static State proposedState(StateType type, Setup s) {
        return type == null ? null : new State(UUID.randomUUID(), type, s.proposedName, NOW, null, null,
                s.proposedDetails);
    }

    static State newState(StateType type) {
        return State.of(type, null, NOW);
    }

    /** Commits a state with force, as Prefect's {@code commit_*_run_state} fixtures do. */
    OrchestrationContext force(RunType type, UUID runId, State state) {
        return type == RunType.TASK ? store.setTaskRunState(runId, state, true, Map.of(), NOW)
                : store.setFlowRunState(runId, state, true, Map.of(), NOW);
    }

    /** Runs the context through exactly these rules, then validates and exits them (no bookkeeping). */
    @SafeVarargs
    final <C extends OrchestrationContext> C orchestrate(C ctx, Policy.Factory<C>... rules) {
        return engine.orchestrate(ctx, Policy.of("TestPolicy", rules), Policy.of("NoBookkeeping"))
                .await().indefinitely();
    }

    /** All state types and "no state" (null), as Prefect's ALL_ORCHESTRATION_STATES. */
    static List<StateType> allOrchestrationStates() {
        List<StateType> all = new ArrayList<>(Arrays.asList(StateType.values()));
        all.add(null);
        return Collections.unmodifiableList(all);
    }

    static List<StateType> canonicalStates() {
        return List.of(StateType.values());
    }

    static List<StateType> terminalStates() {
        return List.of(StateType.CANCELLED, StateType.COMPLETED, StateType.CRASHED, StateType.FAILED);
    }

    /** Every (initial, proposed) pair over the given lists. */
    static Stream<Arguments> product(List<StateType> initial, List<StateType> proposed) {
        List<Arguments> out = new ArrayList<>();
        for (StateType i : initial) {
            for (StateType p : proposed) {
                out.add(Arguments.of(i, p));
            }
        }
        return out.stream();
    }

    /** Each argument list once per run type, the run type first. */
    static Stream<Arguments> perRunType(Stream<Arguments> cases) {
        List<Arguments> out = new ArrayList<>();
        cases.forEach(a -> {
            for (RunType t : RunType.values()) {
                Object[] args = new Object[a.get().length + 1];
                args[0] = t;
                System.arraycopy(a.get(), 0, args, 1, a.get().length);
                out.add(Arguments.of(args));
            }
        });
        return out.stream();
    }

    static Stream<Arguments> perRunType(StateType... types) {
        return perRunType(Arrays.stream(types).map(t -> Arguments.of(t)));
    }

    /**
     * A state type outside the given ones (Prefect picks one at random; the first in declaration order keeps
     * the tests deterministic). Nulls are ignored.
     */
    static StateType otherType(StateType... excluded) {
        EnumSet<StateType> left = EnumSet.allOf(StateType.class);
        for (StateType t : excluded) {
            if (t != null) {
                left.remove(t);
            }
        }
        return left.iterator().next();
    }

    /** A state set without the given type ({@code null}: without "no state"). */
    static StateTypes allBut(StateType type) {
        if (type == null) {
            return StateTypes.allBut();
        }
        return StateTypes.allBut(type).withNone();
    }

    static final StateTypes NONE = new StateTypes(EnumSet.noneOf(StateType.class), false);
}
