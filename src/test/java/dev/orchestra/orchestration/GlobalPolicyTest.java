package dev.orchestra.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestra.orchestration.rules.global.IncrementFlowRunCount;
import dev.orchestra.orchestration.rules.global.IncrementRunTime;
import dev.orchestra.orchestration.rules.global.IncrementTaskRunCount;
import dev.orchestra.orchestration.rules.global.RemoveResumingIndicator;
import dev.orchestra.orchestration.rules.global.SetEndTime;
import dev.orchestra.orchestration.rules.global.SetExpectedStartTime;
import dev.orchestra.orchestration.rules.global.SetNextScheduledStartTime;
import dev.orchestra.orchestration.rules.global.SetRunStateName;
import dev.orchestra.orchestration.rules.global.SetRunStateTimestamp;
import dev.orchestra.orchestration.rules.global.SetRunStateType;
import dev.orchestra.orchestration.rules.global.SetStartTime;
import dev.orchestra.orchestration.rules.global.UpdateStateDetails;
import dev.orchestra.orchestration.rules.global.UpdateSubflowParentTask;
import dev.orchestra.orchestration.rules.global.UpdateSubflowStateDetails;
import dev.orchestra.persistence.entity.RunEntity;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateType;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Port of Prefect's tests/server/orchestration/test_global_policy.py, plus the policies end to end. */
class GlobalPolicyTest extends OrchestrationTestSupport {

    static Stream<Arguments> allTypes() {
        return perRunType(StateType.values());
    }

    static Stream<Arguments> terminalTypes() {
        return perRunType(terminalStates().toArray(new StateType[0]));
    }

    static Stream<Arguments> nonScheduled() {
        return perRunType(StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);
    }

    /** Runs the context through the one bookkeeping transform the test is about. */
    <C extends OrchestrationContext> C transform(C ctx,
            java.util.function.Supplier<? extends UniversalTransform<? super C>> transform) {
        return orchestrate(ctx, Policy.transform(transform));
    }

    void incrementRunCount(OrchestrationContext ctx) {
        if (ctx instanceof TaskOrchestrationContext task) {
            transform(task, IncrementTaskRunCount::new);
        } else {
            transform((FlowOrchestrationContext) ctx, IncrementFlowRunCount::new);
        }
    }

    /** The stored row of the context's run, as the single writer left it. */
    RunEntity stored(OrchestrationContext ctx) {
        return ctx instanceof TaskOrchestrationContext ? store.taskRunRow(ctx.run().id)
                : store.flowRunRow(ctx.run().id);
    }

    @Nested
    class TestGlobalPolicyRules {

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.GlobalPolicyTest#allTypes")
        void testRuleUpdatesRunStateType(RunType runType, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, null, proposed);
            transform(ctx, SetRunStateType::new);
            assertEquals(proposed, ctx.run().stateType);
            assertEquals(proposed, stored(ctx).stateType);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleUpdatesRunStateName(RunType runType) {
            OrchestrationContext ctx = initialize(runType, null, StateType.SCHEDULED);
            transform(ctx, SetRunStateName::new);
            assertEquals(ctx.proposedState().name(), ctx.run().stateName);
            assertEquals("Scheduled", stored(ctx).stateName);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.GlobalPolicyTest#allTypes")
        void testRuleUpdatesRunStateTimestamp(RunType runType, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, null, proposed);
            transform(ctx, SetRunStateTimestamp::new);
            assertEquals(ctx.proposedState().timestamp(), ctx.run().stateTimestamp);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleSetsScheduledTime(RunType runType) {
            OrchestrationContext ctx = initialize(runType, null, StateType.SCHEDULED,
                    setup().proposedDetails(StateDetails.EMPTY.withScheduledTime(NOW.plusSeconds(42))));
            assertNull(ctx.run().startTime);
            transform(ctx, SetNextScheduledStartTime::new);
            assertEquals(NOW.plusSeconds(42), ctx.run().nextScheduledStartTime);
            assertEquals(NOW.plusSeconds(42), stored(ctx).nextScheduledStartTime);
            assertNull(ctx.run().startTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleRemovesScheduledTimeWhenExitingScheduledState(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.SCHEDULED, StateType.PENDING,
                    setup().initialDetails(StateDetails.EMPTY.withScheduledTime(NOW.plusSeconds(42))));
            assertNull(ctx.run().startTime);
            assertNotNull(ctx.run().nextScheduledStartTime);
            transform(ctx, SetNextScheduledStartTime::new);
            assertNull(ctx.run().nextScheduledStartTime);
            assertNull(stored(ctx).nextScheduledStartTime);
            assertNull(ctx.run().startTime);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.GlobalPolicyTest#nonScheduled")
        void testRuleSetsExpectedStartTimeFromNonScheduled(RunType runType, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, null, proposed);
            assertNull(ctx.run().expectedStartTime);
            transform(ctx, SetExpectedStartTime::new);
            assertEquals(ctx.proposedState().timestamp(), ctx.run().expectedStartTime);
            assertNull(ctx.run().startTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleSetsExpectedStartTimeFromScheduled(RunType runType) {
            OrchestrationContext ctx = initialize(runType, null, StateType.SCHEDULED,
                    setup().proposedDetails(StateDetails.EMPTY.withScheduledTime(NOW.plusDays(10))));
            assertNull(ctx.run().expectedStartTime);
            transform(ctx, SetExpectedStartTime::new);
            assertEquals(NOW.plusDays(10), ctx.run().expectedStartTime);
            assertEquals(NOW.plusDays(10), stored(ctx).expectedStartTime);
            assertNull(ctx.run().startTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleKeepsTheFirstExpectedStartTime(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.SCHEDULED,
                    setup().proposedDetails(StateDetails.EMPTY.withScheduledTime(NOW.plusDays(10))));
            assertEquals(NOW.minusSeconds(5), ctx.run().expectedStartTime, "set by the initial state");
            transform(ctx, SetExpectedStartTime::new);
            assertEquals(NOW.minusSeconds(5), ctx.run().expectedStartTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleSetsStartTimeWhenStartingToRun(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING);
            assertNull(ctx.run().startTime);
            transform(ctx, SetStartTime::new);
            assertEquals(NOW, ctx.run().startTime);
            assertEquals(NOW, stored(ctx).startTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleUpdatesRunCountWhenStartingToRun(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING);
            assertEquals(0, ctx.run().runCount);
            incrementRunCount(ctx);
            assertEquals(1, ctx.run().runCount);
            assertEquals(1, stored(ctx).runCount);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleIncrementsRunCount(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING,
                    setup().flowRun(r -> r.runCount = 41).taskRun(r -> r.runCount = 41));
            incrementRunCount(ctx);
            assertEquals(42, ctx.run().runCount);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleUpdatesRunTimeAfterRunning(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.RUNNING, StateType.COMPLETED);
            State proposed = ctx.proposedState();
            // the initial state is stamped 5 seconds before now; 37 more make Prefect's 42
            ctx.replaceProposedState(new State(proposed.id(), proposed.type(), proposed.name(), NOW.plusSeconds(37),
                    null, null, proposed.stateDetails()));
            assertEquals(0.0, ctx.run().totalRunTime);
            transform(ctx, IncrementRunTime::new);
            assertEquals(42.0, ctx.run().totalRunTime);
            assertEquals(42.0, stored(ctx).totalRunTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleDoesntUpdateRunTimeWhenNotRunning(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.COMPLETED);
            transform(ctx, IncrementRunTime::new);
            assertEquals(0.0, ctx.run().totalRunTime);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.GlobalPolicyTest#terminalTypes")
        void testRuleSetsEndTimeWhenWhenRunEnds(RunType runType, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, StateType.RUNNING, proposed,
                    setup().flowRun(r -> r.startTime = NOW.minusSeconds(42))
                            .taskRun(r -> r.startTime = NOW.minusSeconds(42)));
            assertNull(ctx.run().endTime);
            transform(ctx, SetEndTime::new);
            assertEquals(NOW, ctx.run().endTime);
            assertEquals(NOW, stored(ctx).endTime);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.GlobalPolicyTest#terminalTypes")
        void testRuleSetsNoEndTimeForRunsThatNeverStarted(RunType runType, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, proposed);
            transform(ctx, SetEndTime::new);
            assertNull(ctx.run().endTime);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.GlobalPolicyTest#terminalTypes")
        void testRuleUnsetsEndTimeWhenForcedOutOfTerminalState(RunType runType, StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.RUNNING,
                    setup().flowRun(r -> {
                        r.startTime = NOW.minusSeconds(42);
                        r.endTime = NOW;
                    }).taskRun(r -> {
                        r.startTime = NOW.minusSeconds(42);
                        r.endTime = NOW;
                    }));
            assertNotNull(ctx.run().endTime);
            transform(ctx, SetEndTime::new);
            assertNull(ctx.run().endTime);
            assertNull(stored(ctx).endTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleDoesNotModifyEndTimeWhenTransitioningFromFinalToFinal(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.COMPLETED, StateType.FAILED,
                    setup().flowRun(r -> {
                        r.startTime = NOW.minusSeconds(42);
                        r.endTime = NOW.minusSeconds(1);
                    }).taskRun(r -> {
                        r.startTime = NOW.minusSeconds(42);
                        r.endTime = NOW.minusSeconds(1);
                    }));
            transform(ctx, SetEndTime::new);
            assertEquals(NOW.minusSeconds(1), ctx.run().endTime);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRuleUpdatesStateDetails(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING);
            transform(ctx, UpdateStateDetails::new);
            StateDetails d = ctx.validatedState().stateDetails();
            if (ctx instanceof TaskOrchestrationContext task) {
                assertEquals(task.run().flowRunId, d.flowRunId());
                assertEquals(task.run().id, d.taskRunId());
            } else {
                assertEquals(ctx.run().id, d.flowRunId());
                assertNull(d.taskRunId());
            }
            assertEquals(d, store.currentState(ctx.run().id).stateDetails());
        }

        /** Bookkeeping skips transitions that write no state. */
        @ParameterizedTest
        @EnumSource(RunType.class)
        void testTransformsDoNothingOnNullifiedTransitions(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING);
            HookRule aborting = HookRule.create().onBefore(r -> r.abort("no"));
            if (ctx instanceof TaskOrchestrationContext task) {
                orchestrate(task, aborting.factory(), Policy.transform(SetRunStateType::new),
                        Policy.transform(SetRunStateName::new), Policy.transform(SetStartTime::new),
                        Policy.transform(IncrementTaskRunCount::new), Policy.transform(UpdateStateDetails::new));
            } else {
                orchestrate((FlowOrchestrationContext) ctx, aborting.factory(),
                        Policy.transform(SetRunStateType::new), Policy.transform(SetRunStateName::new),
                        Policy.transform(SetStartTime::new), Policy.transform(IncrementFlowRunCount::new),
                        Policy.transform(UpdateStateDetails::new));
            }
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(StateType.PENDING, ctx.run().stateType);
            assertEquals("Pending", ctx.run().stateName);
            assertNull(ctx.run().startTime);
            assertEquals(0, ctx.run().runCount);
        }
    }

    /** A flow run whose parent task run sits in another flow run; returns (child flow run, parent task run). */
    UUID[] subflowWithParentTask(StateType initial) {
        UUID parentFlow = newFlowRun(setup());
        force(RunType.FLOW, parentFlow, newState(StateType.RUNNING));
        UUID parentTask = newTaskRun(parentFlow);
        force(RunType.TASK, parentTask, initialState(initial, null, StateDetails.EMPTY, null));
        UUID child = newFlowRun(setup());
        force(RunType.FLOW, child, initialState(initial, null, StateDetails.EMPTY, null));
        store.updateFlowRunRow(child, r -> r.parentTaskRunId = parentTask);
        return new UUID[] {child, parentTask};
    }

    @Test
    void testUpdateSubflowParentTask() {
        UUID[] ids = subflowWithParentTask(StateType.RUNNING);
        assertEquals(StateType.RUNNING, store.currentState(ids[1]).type());
        FlowOrchestrationContext ctx = store.flowContext(ids[0],
                State.of(StateType.FAILED, null, NOW).withMessage("boom"), false, Map.of(), NOW);
        transform(ctx, UpdateSubflowParentTask::new);
        State parentState = store.currentState(ids[1]);
        assertEquals(StateType.FAILED, parentState.type());
        assertEquals(ids[0], parentState.stateDetails().childFlowRunId());
        assertEquals("boom", parentState.message());
        assertNotEquals(ctx.validatedState().id(), parentState.id(), "the parent gets its own state");
        assertEquals(StateType.FAILED, store.taskRunRow(ids[1]).stateType);
    }

    @Test
    void testUpdateSubflowParentTaskSkipsTransitionsThatWriteNothing() {
        UUID[] ids = subflowWithParentTask(StateType.RUNNING);
        FlowOrchestrationContext ctx = store.flowContext(ids[0], State.of(StateType.FAILED, null, NOW), false,
                Map.of(), NOW);
        orchestrate(ctx, HookRule.create().onBefore(r -> r.abort("no")).factory(),
                Policy.transform(UpdateSubflowParentTask::new));
        assertEquals(StateType.RUNNING, store.currentState(ids[1]).type());
    }

    @Test
    void testChildFlowRunStatesIncludeParentTaskRunId() {
        UUID[] ids = subflowWithParentTask(StateType.RUNNING);
        FlowOrchestrationContext ctx = store.flowContext(ids[0], State.of(StateType.FAILED, null, NOW), false,
                Map.of(), NOW);
        transform(ctx, UpdateSubflowStateDetails::new);
        assertEquals(StateType.FAILED, store.currentState(ids[0]).type());
        assertEquals(ids[1], store.currentState(ids[0]).stateDetails().taskRunId());
    }

    @Nested
    class TestPausingRules {

        static Stream<StateType> initial() {
            return Stream.of(StateType.PAUSED, StateType.PENDING);
        }

        @ParameterizedTest
        @MethodSource("initial")
        void testRuleUnsetsResumingIndicatorOnRunning(StateType initial) {
            FlowOrchestrationContext ctx = initializeFlow(initial, StateType.RUNNING, setup().resuming(true));
            assertTrue(ctx.policy().resuming());
            transform(ctx, RemoveResumingIndicator::new);
            assertFalse(ctx.policy().resuming());
            assertFalse(store.flowPolicy(ctx.run().id).resuming());
        }

        @ParameterizedTest
        @MethodSource("initial")
        void testRunningResumingFlowDoesNotIncrementRunCount(StateType initial) {
            FlowOrchestrationContext ctx = initializeFlow(initial, StateType.RUNNING,
                    setup().resuming(true).flowRunCount(42));
            assertTrue(ctx.policy().resuming());
            assertEquals(42, ctx.run().runCount);
            transform(ctx, IncrementFlowRunCount::new);
            assertEquals(42, ctx.run().runCount);
        }

        @Test
        void testOldClientsCountResumedRunsAndKeepTheIndicator() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.PAUSED, StateType.RUNNING,
                    setup().resuming(true).flowRunCount(42)
                            .parameters(Map.of("api-version", new int[] {0, 8, 3})));
            orchestrate(ctx, Policy.transform(IncrementFlowRunCount::new),
                    Policy.transform(RemoveResumingIndicator::new));
            assertEquals(43, ctx.run().runCount);
            assertTrue(ctx.policy().resuming());
        }
    }

    /** The service's sequence on the in-memory store: core policy, bookkeeping, one write. */
    @Nested
    class EndToEnd {

        @Test
        void aTaskRunsThroughTheCorePolicyAndGlobalBookkeeping() {
            TaskOrchestrationContext initial = initializeTask(StateType.PENDING, null,
                    setup().initialFlowRunStateType(StateType.RUNNING));
            UUID id = initial.run().id;
            TaskOrchestrationContext running = store.setTaskRunState(id, State.of(StateType.RUNNING, null, NOW), false,
                    Map.of(), NOW);
            assertEquals(SetStateStatus.ACCEPT, running.responseStatus());
            assertTrue(running.stateWritten());
            TaskRunEntity row = store.taskRunRow(id);
            assertEquals(1, row.runCount);
            assertEquals(NOW, row.startTime);
            assertEquals(StateType.RUNNING, row.stateType);
            assertEquals(id, store.currentState(id).stateDetails().taskRunId());
            assertEquals(row.flowRunId, store.currentState(id).stateDetails().flowRunId());

            TaskOrchestrationContext done = store.setTaskRunState(id, State.of(StateType.COMPLETED, null,
                    NOW.plusSeconds(30)), false, Map.of(), NOW.plusSeconds(30));
            assertEquals(SetStateStatus.ACCEPT, done.responseStatus());
            row = store.taskRunRow(id);
            assertEquals(NOW.plusSeconds(30), row.endTime);
            assertEquals(30.0, row.totalRunTime);
        }

        @Test
        void aFailingFlowWithRetriesIsRescheduledAndCountsAttempts() {
            FlowOrchestrationContext initial = initializeFlow(StateType.PENDING, null, setup().flowRetries(1));
            UUID id = initial.run().id;
            FlowOrchestrationContext running = store.setFlowRunState(id, State.of(StateType.RUNNING, null, NOW), false,
                    Map.of(), NOW);
            assertEquals(SetStateStatus.ACCEPT, running.responseStatus());
            assertEquals(1, store.flowRunRow(id).runCount);
            FlowOrchestrationContext failed = store.setFlowRunState(id,
                    State.of(StateType.FAILED, null, NOW).withMessage("boom"), false, Map.of(), NOW);
            assertEquals(SetStateStatus.REJECT, failed.responseStatus());
            assertEquals("AwaitingRetry", failed.validatedState().name());
            assertTrue(failed.stateWritten());
            assertEquals(StateType.SCHEDULED, store.flowRunRow(id).stateType);
            assertEquals(NOW, store.flowRunRow(id).nextScheduledStartTime);
            FlowOrchestrationContext again = store.setFlowRunState(id, State.of(StateType.RUNNING, null, NOW), false,
                    Map.of(), NOW);
            assertEquals(SetStateStatus.ACCEPT, again.responseStatus());
            assertEquals(2, store.flowRunRow(id).runCount);
            FlowOrchestrationContext failedAgain = store.setFlowRunState(id, State.of(StateType.FAILED, null, NOW),
                    false, Map.of(), NOW);
            assertEquals(SetStateStatus.ACCEPT, failedAgain.responseStatus());
            assertEquals(NOW, store.flowRunRow(id).endTime);
        }

        @Test
        void forceUsesTheMinimalPolicy() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.COMPLETED, null,
                    setup().initialData(JsonNodeFactory.instance.objectNode().put("type", "reference")));
            State pending = State.of(StateType.PENDING, null, NOW);
            assertEquals(SetStateStatus.REJECT, store.setFlowRunState(ctx.run().id, pending, false, Map.of(), NOW)
                    .responseStatus());
            assertEquals(SetStateStatus.ACCEPT, store.setFlowRunState(ctx.run().id, pending, true, Map.of(), NOW)
                    .responseStatus());
        }

        @Test
        void aSubflowTransitionIsMirroredOntoItsParentTaskWithItsOwnBookkeeping() {
            UUID[] ids = subflowWithParentTask(StateType.PENDING);
            FlowOrchestrationContext ctx = store.setFlowRunState(ids[0], State.of(StateType.RUNNING, null, NOW),
                    false, Map.of(), NOW);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            TaskRunEntity parent = store.taskRunRow(ids[1]);
            State parentState = store.currentState(ids[1]);
            assertEquals(StateType.RUNNING, parentState.type());
            assertEquals(StateType.RUNNING, parent.stateType);
            assertEquals(1, parent.runCount, "the parent's own bookkeeping ran");
            assertEquals(ids[1], parentState.stateDetails().taskRunId());
            assertEquals(parent.flowRunId, parentState.stateDetails().flowRunId());
            assertEquals(ids[0], parentState.stateDetails().childFlowRunId());
            assertEquals(ids[1], store.currentState(ids[0]).stateDetails().taskRunId());
        }
    }
}
