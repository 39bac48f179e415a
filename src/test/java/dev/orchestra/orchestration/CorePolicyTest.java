package dev.orchestra.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestra.orchestration.rules.core.AddUnknownResult;
import dev.orchestra.orchestration.rules.core.BypassCancellingScheduledFlowRuns;
import dev.orchestra.orchestration.rules.core.CacheInsertion;
import dev.orchestra.orchestration.rules.core.CacheRetrieval;
import dev.orchestra.orchestration.rules.core.CopyScheduledTime;
import dev.orchestra.orchestration.rules.core.EnforceCancellingToCancelledTransition;
import dev.orchestra.orchestration.rules.core.HandleFlowTerminalStateTransitions;
import dev.orchestra.orchestration.rules.core.HandlePausingFlows;
import dev.orchestra.orchestration.rules.core.HandleResumingPausedFlows;
import dev.orchestra.orchestration.rules.core.HandleTaskTerminalStateTransitions;
import dev.orchestra.orchestration.rules.core.Jitter;
import dev.orchestra.orchestration.rules.core.PreventDuplicateTransitions;
import dev.orchestra.orchestration.rules.core.PreventPendingTransitions;
import dev.orchestra.orchestration.rules.core.PreventRunningTasksFromStoppedFlows;
import dev.orchestra.orchestration.rules.core.ReleaseTaskConcurrencySlots;
import dev.orchestra.orchestration.rules.core.RenameReruns;
import dev.orchestra.orchestration.rules.core.RetryFailedFlows;
import dev.orchestra.orchestration.rules.core.RetryFailedTasks;
import dev.orchestra.orchestration.rules.core.SecureTaskConcurrencySlots;
import dev.orchestra.orchestration.rules.core.UpdateFlowRunTrackerOnTasks;
import dev.orchestra.orchestration.rules.core.WaitForScheduledTime;
import dev.orchestra.schemas.FlowRunPolicy;
import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateResponseDetails;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRunPolicy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Port of Prefect's tests/server/orchestration/test_core_policy.py, rule by rule. */
class CorePolicyTest extends OrchestrationTestSupport {

    /** Prefect's fizzling_rule fixture: rejects into a copy of the proposed state with another type. */
    static <C extends OrchestrationContext> Policy.Factory<C> fizzlingRule() {
        return HookRule.create().onBefore(r -> {
            State p = r.ctx().proposedState();
            r.reject(new State(p.id(), otherType(r.ctx().initialStateType(), p.type()), p.name(), p.timestamp(),
                    p.message(), p.data(), p.stateDetails()), "for testing, of course");
        }).factory();
    }

    /** A result as the client serialises it (its {@code dict()}): type plus the artifact fields. */
    static ObjectNode result(String type) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type);
        node.putNull("artifact_type");
        node.putNull("artifact_description");
        return node;
    }

    static StateDetails scheduledAt(OffsetDateTime t) {
        return StateDetails.EMPTY.withScheduledTime(t);
    }

    static StateDetails withCache(String key, OffsetDateTime expiration, Boolean refresh) {
        return new StateDetails(null, null, null, null, key, expiration, false, null, false, null, null, refresh,
                null, null, null);
    }

    static StateDetails withTransitionId(UUID id) {
        return new StateDetails(null, null, null, null, null, null, false, null, false, null, null, null, null,
                id, null);
    }

    static StateDetails notRetriable() {
        return new StateDetails(null, null, null, null, null, null, false, null, false, null, null, null, false,
                null, null);
    }

    static TaskRunPolicy taskPolicy(Integer retries, JsonNode retryDelay, Double jitter) {
        return new TaskRunPolicy(null, null, retries, retryDelay, jitter);
    }

    static FlowRunPolicy flowPolicy(Integer retries) {
        return new FlowRunPolicy(null, null, retries, null, null, false);
    }

    /** The terminal-state protection for the run type (Prefect picks the rule class the same way). */
    void protect(OrchestrationContext ctx) {
        if (ctx instanceof TaskOrchestrationContext task) {
            orchestrate(task, HandleTaskTerminalStateTransitions::new);
        } else {
            orchestrate((FlowOrchestrationContext) ctx, HandleFlowTerminalStateTransitions::new);
        }
    }

    @Nested
    class TestWaitForScheduledTimeRule {

        static Stream<Arguments> cases() {
            return perRunType(StateType.SCHEDULED, StateType.PENDING);
        }

        @ParameterizedTest
        @MethodSource("cases")
        void testRunningAfterScheduledStartTimeIsNotDelayed(RunType runType, StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.RUNNING,
                    setup().initialDetails(scheduledAt(NOW.minusMinutes(5))));
            orchestrate(ctx, WaitForScheduledTime::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
        }

        @ParameterizedTest
        @MethodSource("cases")
        void testRunningBeforeScheduledStartTimeIsDelayed(RunType runType, StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.RUNNING,
                    setup().initialDetails(scheduledAt(NOW.plusMinutes(5))));
            orchestrate(ctx, WaitForScheduledTime::new);
            assertEquals(SetStateStatus.WAIT, ctx.responseStatus());
            assertNull(ctx.proposedState());
            assertEquals(new StateResponseDetails.Wait(300, "Scheduled time is in the future"), ctx.responseDetails());
        }

        /** Python's round() of the fraction: half a second rounds to even (0), more rounds up. */
        @Test
        void testDelayIsRoundedToTheNearestSecond() {
            OrchestrationContext ctx = initialize(RunType.TASK, StateType.SCHEDULED, StateType.RUNNING,
                    setup().initialDetails(scheduledAt(NOW.plusSeconds(10).plusNanos(600_000_000))));
            orchestrate(ctx, WaitForScheduledTime::new);
            assertEquals(11, ((StateResponseDetails.Wait) ctx.responseDetails()).delaySeconds());
            OrchestrationContext half = initialize(RunType.TASK, StateType.SCHEDULED, StateType.RUNNING,
                    setup().initialDetails(scheduledAt(NOW.plusSeconds(10).plusNanos(500_000_000))));
            orchestrate(half, WaitForScheduledTime::new);
            assertEquals(10, ((StateResponseDetails.Wait) half.responseDetails()).delaySeconds());
            OrchestrationContext soon = initialize(RunType.TASK, StateType.SCHEDULED, StateType.RUNNING,
                    setup().initialDetails(scheduledAt(NOW.plusNanos(400_000_000))));
            orchestrate(soon, WaitForScheduledTime::new);
            assertEquals(SetStateStatus.ACCEPT, soon.responseStatus());
        }

        static Stream<Arguments> otherTypes() {
            return perRunType(StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED);
        }

        @ParameterizedTest
        @MethodSource("otherTypes")
        void testSchedulingRuleDoesNotFireAgainstOtherStateTypes(RunType runType, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, StateType.SCHEDULED, proposed,
                    setup().initialDetails(scheduledAt(NOW.plusMinutes(5))));
            WaitForScheduledTime<OrchestrationContext> rule = new WaitForScheduledTime<>(ctx, StateType.SCHEDULED,
                    proposed);
            assertFalse(rule.governs(StateType.SCHEDULED, proposed));
            rule.enter().await().indefinitely();
            assertTrue(((OrchestrationRule<?>) rule).invalid());
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(proposed, ctx.proposedStateType());
        }
    }

    @Nested
    class TestCopyScheduledTime {

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testScheduledTimeCopiedFromScheduledToPending(RunType runType) {
            OffsetDateTime scheduled = NOW.minusMinutes(5);
            OrchestrationContext ctx = initialize(runType, StateType.SCHEDULED, StateType.PENDING,
                    setup().initialDetails(scheduledAt(scheduled)));
            orchestrate(ctx, CopyScheduledTime::new);
            assertEquals(StateType.PENDING, ctx.validatedState().type());
            assertEquals(scheduled, ctx.validatedState().stateDetails().scheduledTime());
        }

        @Test
        void testProposedScheduledTimeWins() {
            OrchestrationContext ctx = initialize(RunType.TASK, StateType.SCHEDULED, StateType.PENDING,
                    setup().initialDetails(scheduledAt(NOW.minusMinutes(5)))
                            .proposedDetails(scheduledAt(NOW.plusMinutes(1))));
            orchestrate(ctx, CopyScheduledTime::new);
            assertEquals(NOW.plusMinutes(1), ctx.validatedState().stateDetails().scheduledTime());
        }

        static Stream<Arguments> otherTypes() {
            return perRunType(StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED,
                    StateType.RUNNING);
        }

        @ParameterizedTest
        @MethodSource("otherTypes")
        void testScheduledTimeNotCopiedForOtherTransitions(RunType runType, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, StateType.SCHEDULED, proposed,
                    setup().initialDetails(scheduledAt(NOW.plusMinutes(5))));
            orchestrate(ctx, CopyScheduledTime::new);
            assertEquals(proposed, ctx.validatedState().type());
            assertNull(ctx.validatedState().stateDetails().scheduledTime());
        }
    }

    @Nested
    class TestCachingBackendLogic {

        static Stream<Arguments> expirations() {
            return Stream.of(Arguments.of(NOW.minusDays(1), SetStateStatus.ACCEPT, "Running"),
                    Arguments.of(NOW.plusDays(1), SetStateStatus.REJECT, "Cached"),
                    Arguments.of(null, SetStateStatus.REJECT, "Cached"));
        }

        @ParameterizedTest
        @MethodSource("expirations")
        void testSetAndRetrieveUnexpiredCachedStates(OffsetDateTime expiration, SetStateStatus expectedStatus,
                String expectedName) {
            StateDetails details = withCache("cache-hit", expiration, null);
            TaskOrchestrationContext ctx1 = initializeTask(StateType.RUNNING, StateType.COMPLETED,
                    setup().initialDetails(details).proposedDetails(details));
            orchestrate(ctx1, CacheInsertion::new, CacheRetrieval::new);
            assertEquals(SetStateStatus.ACCEPT, ctx1.responseStatus());

            TaskOrchestrationContext ctx2 = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().initialDetails(details).proposedDetails(details));
            orchestrate(ctx2, CacheInsertion::new, CacheRetrieval::new);
            assertEquals(expectedStatus, ctx2.responseStatus());
            assertEquals(expectedName, ctx2.validatedState().name());
            if (expectedStatus == SetStateStatus.REJECT) {
                assertEquals(StateType.COMPLETED, ctx2.validatedState().type());
                assertNotEquals(ctx1.validatedState().id(), ctx2.validatedState().id(), "a copy with a new id");
                assertEquals(new StateResponseDetails.Reject("Retrieved state from cache"), ctx2.responseDetails());
            }
        }

        @Test
        void testRefreshCacheSkipsTheCache() {
            TaskOrchestrationContext ctx1 = initializeTask(StateType.RUNNING, StateType.COMPLETED,
                    setup().proposedDetails(withCache("cache-hit", null, null)));
            orchestrate(ctx1, CacheInsertion::new, CacheRetrieval::new);
            TaskOrchestrationContext ctx2 = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().proposedDetails(withCache("cache-hit", null, true)));
            orchestrate(ctx2, CacheInsertion::new, CacheRetrieval::new);
            assertEquals(SetStateStatus.ACCEPT, ctx2.responseStatus());
        }

        /** Regression test of Prefect's: CacheInsertion must not fail when no state was validated. */
        @Test
        void testCacheInsertionRequiresValidatedState() {
            StateDetails details = withCache("cache-hit", NOW.minusDays(1), null);
            TaskOrchestrationContext ctx = initializeTask(StateType.RUNNING, StateType.COMPLETED,
                    setup().initialDetails(details).proposedDetails(details));
            store.failNextCommit(new IllegalArgumentException("this better be mine"));
            orchestrate(ctx, CacheInsertion::new);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertTrue(((StateResponseDetails.Abort) ctx.responseDetails()).reason().contains("this better be mine"));
            assertEquals(0, store.cacheSize());
        }

        static Stream<StateType> notCompleted() {
            return Arrays.stream(StateType.values()).filter(t -> t != StateType.COMPLETED);
        }

        @ParameterizedTest
        @MethodSource("notCompleted")
        void testOnlyCacheCompletedStates(StateType proposed) {
            StateDetails details = withCache("cache-hit", null, null);
            TaskOrchestrationContext ctx1 = initializeTask(StateType.RUNNING, proposed,
                    setup().initialDetails(details).proposedDetails(details));
            orchestrate(ctx1, CacheInsertion::new, CacheRetrieval::new);
            assertEquals(SetStateStatus.ACCEPT, ctx1.responseStatus());
            assertEquals(0, store.cacheSize());

            TaskOrchestrationContext ctx2 = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().initialDetails(details).proposedDetails(details));
            orchestrate(ctx2, CacheInsertion::new, CacheRetrieval::new);
            assertEquals(SetStateStatus.ACCEPT, ctx2.responseStatus());
        }
    }

    @Nested
    class TestFlowRetryingRule {

        @Test
        void testRetries() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.RUNNING, StateType.FAILED,
                    setup().flowRun(r -> r.runCount = 1).flowPolicy(flowPolicy(1)));
            orchestrate(ctx, RetryFailedFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.SCHEDULED, ctx.validatedState().type());
            assertEquals("AwaitingRetry", ctx.validatedState().name());
            assertEquals(NOW, ctx.validatedState().stateDetails().scheduledTime());
            assertEquals(new StateResponseDetails.Reject("Retrying"), ctx.responseDetails());
        }

        @Test
        void testRetriesUseRetryDelayKeepTheFailureAndResetPauseMetadata() {
            FlowRunPolicy policy = new FlowRunPolicy(null, null, 2, 30, List.of("k"), true);
            FlowOrchestrationContext ctx = initializeFlow(StateType.RUNNING, StateType.FAILED,
                    setup().flowRun(r -> r.runCount = 1).flowPolicy(policy));
            ctx.replaceProposedState(ctx.proposedState().withMessage("boom").withData(result("reference")));
            orchestrate(ctx, RetryFailedFlows::new);
            assertEquals(NOW.plusSeconds(30), ctx.validatedState().stateDetails().scheduledTime());
            assertEquals("boom", ctx.validatedState().message());
            assertEquals("reference", ctx.validatedState().data().get("type").asText());
            assertEquals(List.of(), store.flowPolicy(ctx.run().id).pauseKeys());
            assertFalse(store.flowPolicy(ctx.run().id).resuming());
        }

        /** Clients before API 0.8.3 expect the server to reschedule the flow's failed task runs. */
        @Test
        void testRetriesRescheduleFailedTaskRunsForOldClients() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.RUNNING, StateType.FAILED,
                    setup().flowRun(r -> r.runCount = 1).flowPolicy(flowPolicy(1))
                            .parameters(Map.of("api-version", new int[] {0, 8, 2})));
            UUID failed = newTaskRun(ctx.run().id);
            force(RunType.TASK, failed, newState(StateType.RUNNING));
            force(RunType.TASK, failed, newState(StateType.FAILED));
            UUID completed = newTaskRun(ctx.run().id);
            force(RunType.TASK, completed, newState(StateType.COMPLETED));
            assertEquals(1, store.taskRunRow(failed).runCount);

            orchestrate(ctx, RetryFailedFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            State taskState = store.currentState(failed);
            assertEquals(StateType.SCHEDULED, taskState.type());
            assertEquals("AwaitingRetry", taskState.name());
            assertEquals(ctx.validatedState().stateDetails().scheduledTime(), taskState.stateDetails().scheduledTime());
            assertEquals(0, store.taskRunRow(failed).runCount);
            assertEquals(StateType.COMPLETED, store.currentState(completed).type());
        }

        @Test
        void testRetriesLeaveFailedTaskRunsToCurrentClients() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.RUNNING, StateType.FAILED,
                    setup().flowRun(r -> r.runCount = 1).flowPolicy(flowPolicy(1))
                            .parameters(Map.of("api-version", new int[] {0, 8, 3})));
            UUID failed = newTaskRun(ctx.run().id);
            force(RunType.TASK, failed, newState(StateType.FAILED));
            orchestrate(ctx, RetryFailedFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.FAILED, store.currentState(failed).type());
        }

        @Test
        void testStopsRetryingEventually() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.RUNNING, StateType.FAILED,
                    setup().flowRun(r -> r.runCount = 2).flowPolicy(flowPolicy(1)));
            orchestrate(ctx, RetryFailedFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.FAILED, ctx.validatedState().type());
        }
    }

    @Nested
    class TestManualFlowRetries {

        @Test
        void testCanManualRetryWithArbitraryStateName() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.FAILED, StateType.SCHEDULED,
                    setup().proposedName("FooBar").flowPolicy(flowPolicy(1))
                            .flowRun(r -> {
                                r.runCount = 2;
                                r.deploymentId = UUID.randomUUID();
                            }));
            orchestrate(ctx, HandleFlowTerminalStateTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(2, ctx.run().runCount);
        }

        @Test
        void testCannotManualRetryWithoutDeployment() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.FAILED, StateType.SCHEDULED,
                    setup().flowRetries(1).proposedName("AwaitingRetry").flowRun(r -> r.runCount = 2));
            orchestrate(ctx, HandleFlowTerminalStateTransitions::new);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(new StateResponseDetails.Abort("Cannot reschedule a run without an associated deployment."),
                    ctx.responseDetails());
            assertEquals(2, ctx.run().runCount);
        }

        @Test
        void testManualRetryingWorksEvenWhenExceedingMaxRetries() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.FAILED, StateType.SCHEDULED,
                    setup().flowRetries(1).proposedName("AwaitingRetry").flowRun(r -> {
                        r.runCount = 2;
                        r.deploymentId = UUID.randomUUID();
                    }));
            orchestrate(ctx, HandleFlowTerminalStateTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(2, ctx.run().runCount);
        }

        @Test
        void testManualRetryingBypassesTerminalStateProtection() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.FAILED, StateType.SCHEDULED,
                    setup().flowRetries(10).proposedName("AwaitingRetry").flowRun(r -> {
                        r.runCount = 3;
                        r.deploymentId = UUID.randomUUID();
                    }));
            orchestrate(ctx, HandleFlowTerminalStateTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(3, ctx.run().runCount);
        }

        @Test
        void testLeavingATerminalStateResetsPauseMetadataAndRestoresItOnFizzle() {
            FlowRunPolicy policy = new FlowRunPolicy(null, null, null, null, List.of("k"), true);
            FlowOrchestrationContext ctx = initializeFlow(StateType.FAILED, StateType.RUNNING,
                    setup().flowPolicy(policy));
            orchestrate(ctx, HandleFlowTerminalStateTransitions::new);
            assertEquals(List.of(), store.flowPolicy(ctx.run().id).pauseKeys());
            assertFalse(store.flowPolicy(ctx.run().id).resuming());

            FlowOrchestrationContext fizzled = initializeFlow(StateType.FAILED, StateType.RUNNING,
                    setup().flowPolicy(policy));
            orchestrate(fizzled, HandleFlowTerminalStateTransitions::new, fizzlingRule());
            assertEquals(SetStateStatus.REJECT, fizzled.responseStatus());
            assertEquals(policy, fizzled.policy());
            assertEquals(policy, store.flowPolicy(fizzled.run().id));
        }

        @Test
        void testOldClientsKeepPauseMetadataWhenLeavingATerminalState() {
            FlowRunPolicy policy = new FlowRunPolicy(null, null, null, null, List.of("k"), true);
            FlowOrchestrationContext ctx = initializeFlow(StateType.FAILED, StateType.RUNNING,
                    setup().flowPolicy(policy).parameters(Map.of("api-version", new int[] {0, 8, 3})));
            orchestrate(ctx, HandleFlowTerminalStateTransitions::new);
            assertEquals(policy, store.flowPolicy(ctx.run().id));
        }
    }

    @Nested
    class TestUpdatingFlowRunTrackerOnTasks {

        static Stream<Arguments> cases() {
            List<Arguments> out = new ArrayList<>();
            for (int count : new int[] {5, 42}) {
                for (StateType t : allOrchestrationStates()) {
                    out.add(Arguments.of(count, t));
                }
            }
            return out.stream();
        }

        @ParameterizedTest
        @MethodSource("cases")
        void testTaskRunsTrackCorrespondingFlowRuns(int flowRunCount, StateType initial) {
            TaskOrchestrationContext ctx = initializeTask(initial, StateType.RUNNING,
                    setup().flowRunCount(flowRunCount).taskRun(r -> r.flowRunRunCount = 1));
            assertEquals(flowRunCount, ctx.flowRun().await().indefinitely().runCount());
            orchestrate(ctx, UpdateFlowRunTrackerOnTasks::new);
            assertEquals(flowRunCount, ctx.run().flowRunRunCount);
            assertEquals(flowRunCount, store.taskRunRow(ctx.run().id).flowRunRunCount);
        }

        @Test
        void testTaskRunTrackingRaisesInformativeErrorsOnMissingFlowRuns() {
            TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().flowRunCount(42).taskRun(r -> r.flowRunRunCount = 1));
            assertEquals(42, store.flowRunRow(ctx.run().flowRunId).runCount);
            store.deleteFlowRun(ctx.run().flowRunId);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> orchestrate(ctx, UpdateFlowRunTrackerOnTasks::new));
            assertTrue(e.getMessage().startsWith("Unable to read flow run"));
            assertEquals(1, ctx.run().flowRunRunCount, "The run count should not be updated if the flow run is missing");
        }
    }

    /** Since Prefect's PR 9152 failed task runs may rerun whenever they want; the names are kept. */
    @Nested
    class TestPermitRerunningFailedTaskRuns {

        TaskOrchestrationContext failedToRunning(int flowRunCount, int flowRunRunCount, int runCount,
                Integer retries) {
            return initializeTask(StateType.FAILED, StateType.RUNNING,
                    setup().flowRetries(retries).flowRun(r -> r.runCount = flowRunCount).taskRun(r -> {
                        r.flowRunRunCount = flowRunRunCount;
                        r.runCount = runCount;
                    }));
        }

        @Test
        void testBypassesTerminalStateRuleIfFlowIsRetrying() {
            TaskOrchestrationContext ctx = failedToRunning(4, 2, 2, 10);
            orchestrate(ctx, HandleTaskTerminalStateTransitions::new, UpdateFlowRunTrackerOnTasks::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(0, ctx.run().runCount);
            assertEquals("Retrying", ctx.proposedState().name());
            assertEquals(4, ctx.run().flowRunRunCount, "Orchestration should update the flow run run count tracker");
            assertEquals(0, store.taskRunRow(ctx.run().id).runCount);
            assertEquals(4, store.taskRunRow(ctx.run().id).flowRunRunCount);
        }

        @Test
        void testCanRunAgainEvenIfExceedingFlowRunsCount() {
            TaskOrchestrationContext ctx = initializeTask(StateType.FAILED, StateType.RUNNING,
                    setup().flowRetries(10).initialData(TextNode.valueOf("test")).flowRun(r -> r.runCount = 3)
                            .taskRun(r -> {
                                r.flowRunRunCount = 3;
                                r.runCount = 2;
                            }));
            orchestrate(ctx, HandleTaskTerminalStateTransitions::new, UpdateFlowRunTrackerOnTasks::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(0, ctx.run().runCount);
            assertEquals(StateType.RUNNING, ctx.proposedStateType());
            assertEquals("Running", ctx.proposedState().name());
            assertEquals(3, ctx.run().flowRunRunCount);
        }

        @Test
        void testBypassesTerminalStateRuleIfConfiguredAutomaticRetriesIsExceeded() {
            TaskOrchestrationContext ctx = failedToRunning(4, 2, 2, 1);
            orchestrate(ctx, HandleTaskTerminalStateTransitions::new, UpdateFlowRunTrackerOnTasks::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(0, ctx.run().runCount);
            assertEquals("Retrying", ctx.proposedState().name());
            assertEquals(4, ctx.run().flowRunRunCount, "Orchestration should update the flow run run count tracker");
        }

        @Test
        void testCleansUpAfterInvalidTransition() {
            TaskOrchestrationContext ctx = failedToRunning(4, 2, 2, 10);
            orchestrate(ctx, HandleTaskTerminalStateTransitions::new, UpdateFlowRunTrackerOnTasks::new,
                    fizzlingRule());
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(2, ctx.run().runCount);
            assertEquals("Retrying", ctx.proposedState().name());
            assertEquals(2, ctx.run().flowRunRunCount);
            assertEquals(2, store.taskRunRow(ctx.run().id).runCount);
        }
    }

    @Nested
    class TestTaskRetryingRule {

        TaskOrchestrationContext runningToFailed(int runCount, TaskRunPolicy policy) {
            return initializeTask(StateType.RUNNING, StateType.FAILED,
                    setup().taskRun(r -> r.runCount = runCount).taskPolicy(policy));
        }

        double delaySeconds(OrchestrationContext ctx) {
            return Duration.between(NOW, ctx.validatedState().stateDetails().scheduledTime()).toNanos() / 1e9;
        }

        @Test
        void testRetryPotentialFailures() {
            TaskOrchestrationContext ctx = runningToFailed(2, taskPolicy(2, null, null));
            orchestrate(ctx, RetryFailedTasks::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.SCHEDULED, ctx.validatedState().type());
            assertEquals("AwaitingRetry", ctx.validatedState().name());
            assertEquals(0.0, delaySeconds(ctx));
        }

        @Test
        void testTaskRetryUsesConfiguredDelay() {
            TaskOrchestrationContext ctx = runningToFailed(2, taskPolicy(2, IntNode.valueOf(10), null));
            orchestrate(ctx, RetryFailedTasks::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.SCHEDULED, ctx.validatedState().type());
            assertEquals(10.0, delaySeconds(ctx));
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 4, 5})
        void testRetryUsesConfiguredDelays(int retry) {
            int[] delays = {2, 3, 5, 7, 11};
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            Arrays.stream(delays).forEach(list::add);
            TaskOrchestrationContext ctx = runningToFailed(retry, taskPolicy(5, list, null));
            orchestrate(ctx, RetryFailedTasks::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.SCHEDULED, ctx.validatedState().type());
            assertEquals(delays[retry - 1], delaySeconds(ctx));
        }

        @Test
        void testRetryUsesFallsBackToLastDelay() {
            ArrayNode list = JsonNodeFactory.instance.arrayNode().add(2).add(3).add(5).add(7);
            TaskOrchestrationContext ctx = runningToFailed(6, taskPolicy(6, list, null));
            orchestrate(ctx, RetryFailedTasks::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(7.0, delaySeconds(ctx));
        }

        /** Prefect replaces the jitter with its upper clamp; here the uniform draw is pinned to the top. */
        @Test
        void testRetriesCanJitterSleeps() {
            Jitter.useRandom(() -> 1.0);
            try {
                TaskOrchestrationContext ctx = runningToFailed(2, taskPolicy(2, IntNode.valueOf(10), 9.0));
                orchestrate(ctx, RetryFailedTasks::new);
                assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
                assertEquals(StateType.SCHEDULED, ctx.validatedState().type());
                assertEquals(100.0, delaySeconds(ctx), 1e-6);
            } finally {
                Jitter.useRandom(() -> ThreadLocalRandom.current().nextDouble());
            }
        }

        @Test
        void testJitterStaysWithinItsClamps() {
            for (double u = 0; u < 1; u += 0.001) {
                double uniform = u;
                Jitter.useRandom(() -> uniform);
                double d = Jitter.clampedPoissonInterval(10, 0.3);
                assertTrue(d >= 0 && d <= 13.0 + 1e-9, "delay " + d);
            }
            Jitter.useRandom(() -> ThreadLocalRandom.current().nextDouble());
        }

        @Test
        void testStopsRetryingEventually() {
            TaskOrchestrationContext ctx = runningToFailed(3, taskPolicy(2, null, null));
            orchestrate(ctx, RetryFailedTasks::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.FAILED, ctx.validatedState().type());
        }

        @Test
        void testNotRetriableDetailSet() {
            TaskOrchestrationContext ctx = initializeTask(StateType.RUNNING, StateType.FAILED,
                    setup().proposedDetails(notRetriable()).taskRun(r -> r.runCount = 1)
                            .taskPolicy(taskPolicy(2, null, null)));
            orchestrate(ctx, RetryFailedTasks::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.FAILED, ctx.validatedState().type());
        }

        @Test
        void testManualRetryWorksEvenWhenNotRetriable() {
            TaskOrchestrationContext ctx = initializeTask(StateType.RUNNING, StateType.FAILED,
                    setup().flowRetries(1).proposedName("AwaitingRetry").proposedDetails(notRetriable())
                            .taskRun(r -> r.runCount = 1).taskPolicy(taskPolicy(2, null, null)));
            orchestrate(ctx, RetryFailedTasks::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }
    }

    @Nested
    class TestRenameRetryingStates {

        TaskOrchestrationContext scheduledToRunning(int runCount, String initialName) {
            return initializeTask(StateType.SCHEDULED, StateType.RUNNING, setup().initialName(initialName)
                    .taskRun(r -> r.runCount = runCount).taskPolicy(taskPolicy(2, null, null)));
        }

        @Test
        void testRerunStatesGetRenamed() {
            TaskOrchestrationContext ctx = scheduledToRunning(2, null);
            orchestrate(ctx, RenameReruns::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
            assertEquals("Rerunning", ctx.validatedState().name());
        }

        @Test
        void testRetriedStatesGetRenamed() {
            TaskOrchestrationContext ctx = scheduledToRunning(2, "AwaitingRetry");
            orchestrate(ctx, RenameReruns::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
            assertEquals("Retrying", ctx.validatedState().name());
        }

        @Test
        void testNoRenameOnFirstRun() {
            TaskOrchestrationContext ctx = scheduledToRunning(0, null);
            orchestrate(ctx, RenameReruns::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
            assertEquals("Running", ctx.validatedState().name());
        }
    }

    @Nested
    class TestTransitionsFromTerminalStatesRule {

        static Stream<Arguments> terminal() {
            return perRunType(terminalStates().toArray(new StateType[0]));
        }

        @ParameterizedTest
        @MethodSource("terminal")
        void testTransitionsFromTerminalStatesToCrashedAreAborted(RunType runType, StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.CRASHED);
            protect(ctx);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(initial, store.currentState(ctx.run().id).type());
        }

        @ParameterizedTest
        @MethodSource("terminal")
        void testTransitionsFromTerminalStatesToCancellingAreAborted(RunType runType, StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.CANCELLING);
            protect(ctx);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(new StateResponseDetails.Abort(runType == RunType.TASK ? "Run is already " + initial + "."
                    : "Run is already in terminal state " + initial + "."), ctx.responseDetails());
        }

        @ParameterizedTest
        @MethodSource("terminal")
        void testTransitionsFromTerminalStatesToPausedAreAborted(RunType runType, StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.PAUSED);
            protect(ctx);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
        }

        static Stream<Arguments> completedToNonFinal(List<String> results) {
            List<Arguments> out = new ArrayList<>();
            for (RunType r : RunType.values()) {
                for (StateType to : List.of(StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING)) {
                    for (String result : results) {
                        out.add(Arguments.of(r, to, result));
                    }
                }
            }
            return out.stream();
        }

        static Stream<Arguments> unpersisted() {
            return completedToNonFinal(Arrays.asList(null, "unpersisted"));
        }

        static Stream<Arguments> persisted() {
            return completedToNonFinal(List.of("reference", "literal", "unknown"));
        }

        @ParameterizedTest
        @MethodSource("unpersisted")
        void testTransitionsFromCompletedToNonFinalStatesAllowedWithoutPersistedResult(RunType runType,
                StateType proposed, String resultType) {
            // flow runs need a deployment to go back to SCHEDULED (Prefect skips that case)
            OrchestrationContext ctx = initialize(runType, StateType.COMPLETED, proposed,
                    setup().initialData(resultType == null ? null : result(resultType))
                            .flowRun(r -> r.deploymentId = UUID.randomUUID()));
            protect(ctx);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @ParameterizedTest
        @MethodSource("persisted")
        void testTransitionsFromCompletedToNonFinalStatesRejectedWithPersistedResult(RunType runType,
                StateType proposed, String resultType) {
            OrchestrationContext ctx = initialize(runType, StateType.COMPLETED, proposed,
                    setup().initialData(result(resultType)));
            protect(ctx);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus(), ctx.responseDetails().toString());
            assertEquals(StateType.COMPLETED, ctx.validatedState().type());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testCompletedWithPersistedResultMayStillBecomeAnotherFinalState(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.COMPLETED, StateType.FAILED,
                    setup().initialData(result("reference")));
            protect(ctx);
            // a task run stays completed; a flow run may be marked failed (Prefect checks "not final" for flows)
            assertEquals(runType == RunType.TASK ? SetStateStatus.REJECT : SetStateStatus.ACCEPT,
                    ctx.responseStatus());
        }

        static Stream<Arguments> activeTransitions() {
            List<Arguments> out = new ArrayList<>();
            for (RunType r : RunType.values()) {
                for (StateType from : allOrchestrationStates()) {
                    if (from != null && from.isFinal()) {
                        continue;
                    }
                    for (StateType to : StateType.values()) {
                        out.add(Arguments.of(r, from, to));
                    }
                }
            }
            return out.stream();
        }

        @ParameterizedTest
        @MethodSource("activeTransitions")
        void testDoesNotBlockTransitionsFromNonTerminalStates(RunType runType, StateType initial,
                StateType proposed) {
            OrchestrationContext ctx = initialize(runType, initial, proposed);
            protect(ctx);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(proposed, ctx.validatedState().type());
        }
    }

    @Nested
    class TestPreventPendingTransitions {

        static final List<StateType> BANNED = List.of(StateType.CANCELLING, StateType.CANCELLED, StateType.RUNNING,
                StateType.PENDING);

        static Stream<Arguments> banned() {
            return perRunType(BANNED.toArray(new StateType[0]));
        }

        static Stream<Arguments> allowed() {
            List<Arguments> out = new ArrayList<>();
            for (StateType from : StateType.values()) {
                for (StateType to : StateType.values()) {
                    if (!(to == StateType.PENDING && BANNED.contains(from))) {
                        out.add(Arguments.of(from, to));
                    }
                }
            }
            return out.stream();
        }

        @ParameterizedTest
        @MethodSource("banned")
        void testBannedTransitionsAreAborted(RunType runType, StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.PENDING);
            orchestrate(ctx, PreventPendingTransitions::new);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(new StateResponseDetails.Abort("This run is in a " + initial
                    + " state and cannot transition to a PENDING state."), ctx.responseDetails());
        }

        @ParameterizedTest
        @MethodSource("allowed")
        void testAllOtherTransitionsAreAccepted(StateType initial, StateType proposed) {
            OrchestrationContext ctx = initialize(RunType.FLOW, initial, proposed);
            orchestrate(ctx, PreventPendingTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }
    }

    @Nested
    class TestTaskConcurrencyLimits {

        static final StateType[] RUNNING_TRANSITION = {StateType.PENDING, StateType.RUNNING};
        static final StateType[] COMPLETED_TRANSITION = {StateType.RUNNING, StateType.COMPLETED};

        TaskOrchestrationContext task(StateType[] transition, UUID override, String... tags) {
            return initializeTask(transition[0], transition[1], setup().runTags(tags).runOverride(override));
        }

        SetStateStatus secureAndRelease(TaskOrchestrationContext ctx) {
            return orchestrate(ctx, SecureTaskConcurrencySlots::new,
                    Policy.transform(ReleaseTaskConcurrencySlots::new)).responseStatus();
        }

        int slots(String tag) {
            return store.slots(tag).size();
        }

        @Test
        void testBasicConcurrencyLimiting() {
            store.createConcurrencyLimit("some tag", 1);
            assertEquals(0, slots("some tag"));
            TaskOrchestrationContext task1 = task(RUNNING_TRANSITION, null, "some tag");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task1));
            TaskOrchestrationContext task2 = task(RUNNING_TRANSITION, null, "some tag");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(task2));
            assertEquals(new StateResponseDetails.Wait(30, "Concurrency limit for the some tag tag has been reached"),
                    task2.responseDetails());
            assertEquals(1, slots("some tag"));

            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(COMPLETED_TRANSITION, task1.run().id,
                    "some tag")));
            assertEquals(0, slots("some tag"));

            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, task2.run().id,
                    "some tag")));
            assertEquals(1, slots("some tag"));
        }

        @Test
        void testConcurrencyLimitCancellingTransition() {
            store.createConcurrencyLimit("some tag", 1);
            TaskOrchestrationContext task1 = task(RUNNING_TRANSITION, null, "some tag");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task1));
            TaskOrchestrationContext task2 = task(RUNNING_TRANSITION, null, "some tag");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(task2));
            assertEquals(1, slots("some tag"));

            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(
                    new StateType[] {StateType.RUNNING, StateType.CANCELLING}, task1.run().id, "some tag")));
            assertEquals(1, slots("some tag"), "a cancelling run keeps its slot");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(task(RUNNING_TRANSITION, task2.run().id,
                    "some tag")));
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(
                    new StateType[] {StateType.CANCELLING, StateType.CANCELLED}, task1.run().id, "some tag")));
            assertEquals(0, slots("some tag"));

            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, task2.run().id,
                    "some tag")));
            assertEquals(1, slots("some tag"));
        }

        @Test
        void testConcurrencyLimitingAbortsTransitionsWithZeroLimit() {
            store.createConcurrencyLimit("the worst limit", 0);
            TaskOrchestrationContext ctx = task(RUNNING_TRANSITION, null, "the worst limit");
            assertEquals(SetStateStatus.ABORT, secureAndRelease(ctx));
            assertEquals(new StateResponseDetails.Abort("The concurrency limit on tag \"the worst limit\" is 0 and "
                    + "will deadlock if the task tries to run again."), ctx.responseDetails());
        }

        @Test
        void testReturningConcurrencySlotsOnFizzle() {
            store.createConcurrencyLimit("a nice little limit", 1);
            TaskOrchestrationContext ctx = task(RUNNING_TRANSITION, null, "a nice little limit");
            orchestrate(ctx, SecureTaskConcurrencySlots::new, Policy.transform(ReleaseTaskConcurrencySlots::new),
                    fizzlingRule());
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(0, slots("a nice little limit"));
        }

        @Test
        void testOneRunWontConsumeMultipleSlots() {
            store.createConcurrencyLimit("a generous limit", 10);
            TaskOrchestrationContext ctx = task(RUNNING_TRANSITION, null, "a generous limit");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(ctx));
            assertEquals(1, slots("a generous limit"));
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, ctx.run().id,
                    "a generous limit")));
            assertEquals(1, slots("a generous limit"));
        }

        @Test
        void testTaskRestartDoesNotConsumeMultipleSlots() {
            store.createConcurrencyLimit("a generous limit", 10);
            assertEquals(0, slots("a generous limit"));
            TaskOrchestrationContext ctx = task(RUNNING_TRANSITION, null, "a generous limit");
            assertEquals(SetStateStatus.ACCEPT, orchestrate(ctx, SecureTaskConcurrencySlots::new).responseStatus());
            assertEquals(1, slots("a generous limit"));
            TaskOrchestrationContext restart = task(new StateType[] {StateType.RUNNING, StateType.RUNNING},
                    ctx.run().id, "a generous limit");
            assertEquals(SetStateStatus.ACCEPT,
                    orchestrate(restart, SecureTaskConcurrencySlots::new).responseStatus());
            assertEquals(1, slots("a generous limit"));
        }

        @Test
        void testConcurrencyRaceConditionNewTagsArentDoubleCounted() {
            store.createConcurrencyLimit("primary tag", 2);
            TaskOrchestrationContext task1 = task(RUNNING_TRANSITION, null, "primary tag", "secondary tag");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task1));
            store.createConcurrencyLimit("secondary tag", 1);
            assertEquals(1, slots("primary tag"));
            assertEquals(0, slots("secondary tag"));

            TaskOrchestrationContext task2 = task(RUNNING_TRANSITION, null, "primary tag", "secondary tag");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task2));
            assertEquals(2, slots("primary tag"));
            assertEquals(1, slots("secondary tag"));

            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(COMPLETED_TRANSITION, task1.run().id,
                    "primary tag", "secondary tag")));
            assertEquals(1, slots("primary tag"));
            assertEquals(1, slots("secondary tag"));

            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(COMPLETED_TRANSITION, task2.run().id,
                    "primary tag", "secondary tag")));
            assertEquals(0, slots("primary tag"));
            assertEquals(0, slots("secondary tag"));
        }

        @Test
        void testConcurrencyRaceConditionDeletedTagsDontImpactExecution() {
            store.createConcurrencyLimit("big limit", 2);
            store.createConcurrencyLimit("small limit", 1);
            TaskOrchestrationContext task1 = task(RUNNING_TRANSITION, null, "big limit", "small limit");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task1));
            assertEquals(1, slots("small limit"));
            TaskOrchestrationContext task2 = task(RUNNING_TRANSITION, null, "big limit", "small limit");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(task2));
            store.deleteConcurrencyLimit("small limit");
            TaskOrchestrationContext task3 = task(RUNNING_TRANSITION, null, "big limit", "small limit");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task3));
        }

        @Test
        void testConcurrencyRaceConditionLimitIncreasesDontImpactExecution() {
            store.createConcurrencyLimit("changing limit", 1);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "changing limit")));
            store.createConcurrencyLimit("changing limit", 2);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "changing limit")));
            assertEquals(2, slots("changing limit"));
        }

        @Test
        void testConcurrencyRaceConditionLimitDecreasesImpactNewRuns() {
            store.createConcurrencyLimit("shrinking limit", 2);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "shrinking limit")));
            store.createConcurrencyLimit("shrinking limit", 1);
            assertEquals(SetStateStatus.WAIT, secureAndRelease(task(RUNNING_TRANSITION, null, "shrinking limit")));
            assertEquals(1, slots("shrinking limit"));
        }

        @Test
        void testConcurrencyRaceConditionLimitDecreasesDontImpactExistingRuns() {
            store.createConcurrencyLimit("shrinking limit", 2);
            TaskOrchestrationContext task1 = task(RUNNING_TRANSITION, null, "shrinking limit");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task1));
            store.createConcurrencyLimit("shrinking limit", 0);
            assertEquals(1, slots("shrinking limit"));
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(COMPLETED_TRANSITION, task1.run().id,
                    "shrinking limit")));
            assertEquals(0, slots("shrinking limit"));
        }

        <C extends OrchestrationContext> Policy.Factory<C> mutatorExcluding(StateType... excluded) {
            return HookRule.create().onBefore(r -> {
                List<StateType> ex = new ArrayList<>(Arrays.asList(excluded));
                ex.add(r.ctx().initialStateType());
                ex.add(r.ctx().proposedStateType());
                r.reject(newState(otherType(ex.toArray(new StateType[0]))), "gotta fizzle some rules, for fun");
            }).factory();
        }

        @Test
        void testReturningConcurrencySlotsWhenTransitioningOutOfRunningEvenOnFizzle() {
            store.createConcurrencyLimit("small", 1);
            TaskOrchestrationContext running = task(RUNNING_TRANSITION, null, "small");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(running));
            assertEquals(1, slots("small"));
            TaskOrchestrationContext pending = task(new StateType[] {StateType.RUNNING, StateType.PENDING},
                    running.run().id, "small");
            orchestrate(pending, Policy.transform(ReleaseTaskConcurrencySlots::new), SecureTaskConcurrencySlots::new,
                    mutatorExcluding(StateType.RUNNING, StateType.CANCELLING));
            assertEquals(SetStateStatus.REJECT, pending.responseStatus());
            assertNotEquals(StateType.RUNNING, pending.validatedState().type());
            assertEquals(0, slots("small"));
        }

        @Test
        void testReturningConcurrencySlotsWhenTransitioningOutOfRunningEvenOnInvalidation() {
            store.createConcurrencyLimit("small", 1);
            TaskOrchestrationContext running = task(RUNNING_TRANSITION, null, "small");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(running));
            assertEquals(1, slots("small"));
            TaskOrchestrationContext pending = task(new StateType[] {StateType.RUNNING, StateType.PENDING},
                    running.run().id, "small");
            orchestrate(pending, mutatorExcluding(StateType.CANCELLING), SecureTaskConcurrencySlots::new,
                    Policy.transform(ReleaseTaskConcurrencySlots::new));
            assertEquals(SetStateStatus.REJECT, pending.responseStatus());
            assertNotEquals(StateType.RUNNING, pending.validatedState().type());
            assertEquals(0, slots("small"));
        }

        <C extends OrchestrationContext> Policy.Factory<C> nullifier() {
            return HookRule.create().onBefore(r -> r.abort("For testing purposes")).factory();
        }

        @Test
        void testReleasingConcurrencySlotsDoesNotHappenIfNullifiedWithReleaseFirst() {
            store.createConcurrencyLimit("small", 1);
            TaskOrchestrationContext running = task(RUNNING_TRANSITION, null, "small");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(running));
            TaskOrchestrationContext pending = task(new StateType[] {StateType.RUNNING, StateType.PENDING},
                    running.run().id, "small");
            orchestrate(pending, Policy.transform(ReleaseTaskConcurrencySlots::new), SecureTaskConcurrencySlots::new,
                    nullifier());
            assertEquals(SetStateStatus.ABORT, pending.responseStatus());
            assertEquals(1, slots("small"));
        }

        @Test
        void testReleasingConcurrencySlotsDoesNotHappenIfNullifiedWithReleaseLast() {
            store.createConcurrencyLimit("small", 1);
            TaskOrchestrationContext running = task(RUNNING_TRANSITION, null, "small");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(running));
            TaskOrchestrationContext pending = task(new StateType[] {StateType.RUNNING, StateType.PENDING},
                    running.run().id, "small");
            orchestrate(pending, nullifier(), SecureTaskConcurrencySlots::new,
                    Policy.transform(ReleaseTaskConcurrencySlots::new));
            assertEquals(SetStateStatus.ABORT, pending.responseStatus());
            assertEquals(1, slots("small"));
        }

        // ---- beyond Prefect's tests ----

        /** The deliberate difference: Prefect keeps the slots a waiting run took on the tags after the full one. */
        @Test
        void testAWaitingRunKeepsNoSlotOnAnyOtherTag() {
            store.createConcurrencyLimit("a-free", 5);
            store.createConcurrencyLimit("b-full", 1);
            store.createConcurrencyLimit("c-free", 5);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "b-full")));
            TaskOrchestrationContext waiting = task(RUNNING_TRANSITION, null, "a-free", "b-full", "c-free");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(waiting));
            assertEquals(0, slots("a-free"));
            assertEquals(0, slots("c-free"));
            assertFalse(store.slots("b-full").contains(waiting.run().id.toString()));
        }

        /** Prefect looks at every tag in tag order; the last full or zero limit decides the answer. */
        @Test
        void testAZeroLimitAfterAFullOneAborts() {
            store.createConcurrencyLimit("a-full", 1);
            store.createConcurrencyLimit("z-zero", 0);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "a-full")));
            TaskOrchestrationContext ctx = task(RUNNING_TRANSITION, null, "a-full", "z-zero");
            assertEquals(SetStateStatus.ABORT, secureAndRelease(ctx));
            assertEquals(new StateResponseDetails.Abort("The concurrency limit on tag \"z-zero\" is 0 and will"
                    + " deadlock if the task tries to run again."), ctx.responseDetails());
            assertEquals(1, slots("a-full"));
        }

        @Test
        void testAFullLimitAfterAZeroOneWaits() {
            store.createConcurrencyLimit("a-zero", 0);
            store.createConcurrencyLimit("b-full", 1);
            store.createConcurrencyLimit("c-full", 1);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "b-full", "c-full")));
            TaskOrchestrationContext ctx = task(RUNNING_TRANSITION, null, "c-full", "a-zero", "b-full");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(ctx));
            assertEquals(new StateResponseDetails.Wait(30, "Concurrency limit for the c-full tag has been reached"),
                    ctx.responseDetails());
        }

        @Test
        void testTheSlotWaitComesFromTheSetting() {
            store.createConcurrencyLimit("busy", 1);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "busy")));
            TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING, setup().runTags("busy")
                    .parameters(Map.of(TaskOrchestrationContext.SLOT_WAIT_SECONDS, 7)));
            assertEquals(SetStateStatus.WAIT, secureAndRelease(ctx));
            assertEquals(7, ((StateResponseDetails.Wait) ctx.responseDetails()).delaySeconds());
        }

        @Test
        void testSlotsTakenAreReturnedWhenALaterRuleWaits() {
            store.createConcurrencyLimit("tag", 5);
            TaskOrchestrationContext ctx = initializeTask(StateType.SCHEDULED, StateType.RUNNING,
                    setup().runTags("tag").initialDetails(scheduledAt(NOW.plusMinutes(1))));
            orchestrate(ctx, SecureTaskConcurrencySlots::new, WaitForScheduledTime::new,
                    Policy.transform(ReleaseTaskConcurrencySlots::new));
            assertEquals(SetStateStatus.WAIT, ctx.responseStatus());
            assertEquals(0, slots("tag"));
        }

        @Test
        void testForcedTransitionsReleaseSlots() {
            store.createConcurrencyLimit("small", 1);
            TaskOrchestrationContext running = task(RUNNING_TRANSITION, null, "small");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(running));
            force(RunType.TASK, running.run().id, newState(StateType.FAILED));
            assertEquals(0, slots("small"));
        }

        // ---- beyond Prefect: slot queues (arrival order per tag), as the slot waiters turn them on

        TaskOrchestrationContext queued(StateType[] transition, UUID override, String... tags) {
            return initializeTask(transition[0], transition[1], setup().runTags(tags).runOverride(override)
                    .parameters(Map.of(TaskOrchestrationContext.SLOT_QUEUE_PLACE_SECONDS, 30,
                            TaskOrchestrationContext.SLOT_WAIT_SECONDS, 1)));
        }

        @Test
        void testARefusedRunQueuesOnItsFullTagsOnly() {
            store.createConcurrencyLimit("full", 1);
            store.createConcurrencyLimit("roomy", 5);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(queued(RUNNING_TRANSITION, null, "full")));
            TaskOrchestrationContext waiter = queued(RUNNING_TRANSITION, null, "full", "roomy");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(waiter));
            assertEquals(List.of("full"), waiter.slotWaitTags());
            assertEquals(new StateResponseDetails.Wait(1, "Concurrency limit for the full tag has been reached"),
                    waiter.responseDetails());
            assertEquals(List.of(waiter.run().id), store.slotQueue("full").stream().map(SlotTicket::taskRunId).toList());
            assertEquals(List.of(), store.slotQueue("roomy"));
            assertEquals(0, slots("roomy"));
        }

        @Test
        void testAFreeSlotGoesToTheOldestPlaceFirst() {
            store.createConcurrencyLimit("one", 1);
            TaskOrchestrationContext holder = queued(RUNNING_TRANSITION, null, "one");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(holder));
            TaskOrchestrationContext first = queued(RUNNING_TRANSITION, null, "one");
            TaskOrchestrationContext second = queued(RUNNING_TRANSITION, null, "one");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(first));
            assertEquals(SetStateStatus.WAIT, secureAndRelease(second));
            secureAndRelease(queued(COMPLETED_TRANSITION, holder.run().id, "one"));
            assertEquals(0, slots("one"));
            // the slot is free, but the second waiter (and a newcomer) are behind the first
            assertEquals(SetStateStatus.WAIT, secureAndRelease(queued(RUNNING_TRANSITION, second.run().id, "one")));
            assertEquals(SetStateStatus.WAIT, secureAndRelease(queued(RUNNING_TRANSITION, null, "one")));
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(queued(RUNNING_TRANSITION, first.run().id, "one")));
            assertEquals(List.of(first.run().id.toString()), store.slots("one"));
            assertEquals(List.of(second.run().id), store.slotQueue("one").stream().map(SlotTicket::taskRunId)
                    .filter(second.run().id::equals).toList());
            assertEquals(second.run().id, store.slotQueue("one").get(0).taskRunId(), "the second keeps its place");
        }

        @Test
        void testARunLeavingForAnotherStateLeavesItsQueuesAndWakesThoseBehind() {
            store.createConcurrencyLimit("one", 1);
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(queued(RUNNING_TRANSITION, null, "one")));
            TaskOrchestrationContext waiter = queued(RUNNING_TRANSITION, null, "one");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(waiter));
            store.log.clear();
            secureAndRelease(queued(new StateType[] {StateType.PENDING, StateType.CRASHED}, waiter.run().id, "one"));
            assertEquals(List.of(), store.slotQueue("one"));
            assertTrue(store.log.contains("leave-queues-and-wake"), store.log.toString());
            assertEquals(1, slots("one"), "the holder keeps its slot");
        }

        @Test
        void testARunKeepsItsNumberOnEveryTagSoTwoWaitersCannotStandInEachOthersWay() {
            store.createConcurrencyLimit("a", 1);
            store.createConcurrencyLimit("b", 1);
            TaskOrchestrationContext holdsA = queued(RUNNING_TRANSITION, null, "a");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(holdsA));
            TaskOrchestrationContext x = queued(RUNNING_TRANSITION, null, "a", "b");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(x));
            assertEquals(List.of("a"), x.slotWaitTags());
            TaskOrchestrationContext holdsB = queued(RUNNING_TRANSITION, null, "b");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(holdsB));
            TaskOrchestrationContext y = queued(RUNNING_TRANSITION, null, "a", "b");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(y));
            assertEquals(List.of("a", "b"), y.slotWaitTags());
            secureAndRelease(queued(COMPLETED_TRANSITION, holdsA.run().id, "a"));
            // x gets in line on b now, ahead of y who queued there first: x was refused first
            TaskOrchestrationContext xAgain = queued(RUNNING_TRANSITION, x.run().id, "a", "b");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(xAgain));
            assertEquals(List.of("b"), xAgain.slotWaitTags());
            assertEquals(x.run().id, store.slotQueue("b").get(0).taskRunId());
            secureAndRelease(queued(COMPLETED_TRANSITION, holdsB.run().id, "b"));
            assertEquals(SetStateStatus.WAIT, secureAndRelease(queued(RUNNING_TRANSITION, y.run().id, "a", "b")));
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(queued(RUNNING_TRANSITION, x.run().id, "a", "b")));
            secureAndRelease(queued(COMPLETED_TRANSITION, x.run().id, "a", "b"));
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(queued(RUNNING_TRANSITION, y.run().id, "a", "b")));
        }

        @Test
        void testWithoutQueuesTheFirstToAskGetsTheFreeSlot() {
            store.createConcurrencyLimit("one", 1);
            TaskOrchestrationContext holder = task(RUNNING_TRANSITION, null, "one");
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(holder));
            TaskOrchestrationContext waiter = task(RUNNING_TRANSITION, null, "one");
            assertEquals(SetStateStatus.WAIT, secureAndRelease(waiter));
            assertEquals(List.of("one"), waiter.slotWaitTags());
            assertEquals(List.of(), store.slotQueue("one"));
            secureAndRelease(task(COMPLETED_TRANSITION, holder.run().id, "one"));
            assertEquals(SetStateStatus.ACCEPT, secureAndRelease(task(RUNNING_TRANSITION, null, "one")));
        }
    }

    @Nested
    class TestPausingFlows {

        FlowOrchestrationContext runningToPaused(Setup s) {
            return initializeFlow(StateType.RUNNING, StateType.PAUSED, s);
        }

        StateDetails rescheduling() {
            return StateDetails.EMPTY.withPause(null, true, null);
        }

        /** Prefect's test compares instead of assigning the parent task run, so it tests the missing deployment. */
        @Test
        void testCanNotNonblockingPauseSubflows() {
            FlowOrchestrationContext ctx = runningToPaused(setup().proposedDetails(rescheduling())
                    .flowRun(r -> {
                        r.parentTaskRunId = UUID.randomUUID();
                        r.deploymentId = UUID.randomUUID();
                    }));
            orchestrate(ctx, HandlePausingFlows::new);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(new StateResponseDetails.Abort("Cannot pause subflows."), ctx.responseDetails());
        }

        @Test
        void testCanNotNonblockingPauseFlowsWithDeploymentsWithRescheduleFlag() {
            FlowOrchestrationContext ctx = runningToPaused(setup().proposedDetails(rescheduling()));
            orchestrate(ctx, HandlePausingFlows::new);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(new StateResponseDetails.Abort("Cannot pause flows without a deployment."),
                    ctx.responseDetails());
        }

        @Test
        void testCanNotSuspendFlowsWithoutADeployment() {
            FlowOrchestrationContext ctx = runningToPaused(setup().proposedName("Suspended")
                    .proposedDetails(rescheduling()));
            orchestrate(ctx, HandlePausingFlows::new);
            assertEquals(new StateResponseDetails.Abort("Cannot suspend flows without a deployment."),
                    ctx.responseDetails());
        }

        @Test
        void testCanNonblockingPauseFlowsWithDeploymentsWithRescheduleFlag() {
            FlowOrchestrationContext ctx = runningToPaused(setup().proposedDetails(rescheduling())
                    .flowRun(r -> r.deploymentId = UUID.randomUUID()));
            orchestrate(ctx, HandlePausingFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @Test
        void testUpdatesPauseKeyTracker() {
            FlowOrchestrationContext ctx = runningToPaused(
                    setup().proposedDetails(StateDetails.EMPTY.withPause(NOW.plusSeconds(1000), false, "hello")));
            orchestrate(ctx, HandlePausingFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertTrue(ctx.policy().pauseKeys().contains("hello"));
            assertTrue(store.flowPolicy(ctx.run().id).pauseKeys().contains("hello"));
        }

        @Test
        void testDefaultsPauseKeyToRandomUuid() {
            FlowOrchestrationContext ctx = runningToPaused(setup());
            assertEquals(0, ctx.policy().pauseKeys().size());
            orchestrate(ctx, HandlePausingFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(1, ctx.policy().pauseKeys().size());
            assertNotNull(UUID.fromString(ctx.policy().pauseKeys().get(0)));
        }

        @Test
        void testDoesNotPermitRepeatPauses() {
            StateDetails hello = StateDetails.EMPTY.withPause(NOW.plusSeconds(1000), false, "hello");
            FlowOrchestrationContext ctx = runningToPaused(setup().proposedDetails(hello));
            orchestrate(ctx, HandlePausingFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());

            FlowOrchestrationContext ctx2 = runningToPaused(setup().proposedDetails(hello).runOverride(ctx.run().id));
            orchestrate(ctx2, HandlePausingFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx2.responseStatus());
            assertEquals(StateType.RUNNING, ctx2.validatedState().type());
            assertEquals(new StateResponseDetails.Reject("This pause has already fired."), ctx2.responseDetails());
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationTestSupport#allOrchestrationStates")
        void testCanOnlyPauseRunningFlows(StateType initial) {
            FlowOrchestrationContext ctx = initializeFlow(initial, StateType.PAUSED,
                    setup().flowRun(r -> r.deploymentId = UUID.randomUUID()));
            orchestrate(ctx, HandlePausingFlows::new);
            if (initial == null) {
                assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            } else if (initial == StateType.RUNNING) {
                assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            } else {
                assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
                assertEquals(initial, ctx.validatedState().type());
                assertEquals(List.of(), store.flowPolicy(ctx.run().id).pauseKeys(), "no key for a rejected pause");
            }
        }
    }

    @Nested
    class TestResumingFlows {

        FlowOrchestrationContext pausedTo(StateType proposed, StateDetails pause, boolean deployment) {
            return initializeFlow(StateType.PAUSED, proposed, setup().initialDetails(pause)
                    .flowRun(r -> r.deploymentId = deployment ? UUID.randomUUID() : null));
        }

        @Test
        void testCannotLeaveNonblockingPausingStateWithoutADeployment() {
            FlowOrchestrationContext ctx = pausedTo(StateType.RUNNING,
                    StateDetails.EMPTY.withPause(NOW.plusMinutes(5), true, null), false);
            orchestrate(ctx, HandleResumingPausedFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.PAUSED, ctx.validatedState().type());
            assertEquals(new StateResponseDetails.Reject("Cannot reschedule a running flow run without a deployment."),
                    ctx.responseDetails());
        }

        @Test
        void testCanLeaveBlockingPausingStateWithoutADeployment() {
            FlowOrchestrationContext ctx = pausedTo(StateType.RUNNING,
                    StateDetails.EMPTY.withPause(NOW.plusMinutes(5), false, null), false);
            orchestrate(ctx, HandleResumingPausedFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @ParameterizedTest
        @EnumSource(StateType.class)
        void testTransitionsOutOfPausingStatesAreRestricted(StateType proposed) {
            FlowOrchestrationContext ctx = pausedTo(proposed, StateDetails.EMPTY, true);
            orchestrate(ctx, HandleResumingPausedFlows::new);
            Set<StateType> permitted = Set.of(StateType.RUNNING, StateType.COMPLETED, StateType.SCHEDULED,
                    StateType.FAILED, StateType.CRASHED, StateType.CANCELLED);
            if (permitted.contains(proposed)) {
                assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            } else {
                assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
                assertEquals(StateType.PAUSED, ctx.validatedState().type());
                assertEquals(new StateResponseDetails.Reject("This run cannot transition to the " + proposed
                        + " state from the PAUSED state."), ctx.responseDetails());
            }
        }

        @Test
        void testCannotLeavePausingStateIfPauseHasTimedOut() {
            FlowOrchestrationContext ctx = pausedTo(StateType.RUNNING,
                    StateDetails.EMPTY.withPause(NOW.minusMinutes(5), false, null), true);
            orchestrate(ctx, HandleResumingPausedFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.FAILED, ctx.validatedState().type());
            assertEquals("The flow was running and never resumed.", ctx.validatedState().message());
            assertEquals(new StateResponseDetails.Reject("The flow run pause has timed out and can no longer resume."),
                    ctx.responseDetails());
        }

        @Test
        void testAllowsLeavingPausingState() {
            FlowOrchestrationContext ctx = pausedTo(StateType.RUNNING,
                    StateDetails.EMPTY.withPause(NOW.plusMinutes(5), false, null), true);
            orchestrate(ctx, HandleResumingPausedFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @Test
        void testMarksFlowRunAsResumingUponLeavingPausedState() {
            FlowOrchestrationContext ctx = pausedTo(StateType.RUNNING,
                    StateDetails.EMPTY.withPause(NOW.plusMinutes(5), false, null), true);
            orchestrate(ctx, HandleResumingPausedFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertTrue(ctx.policy().resuming());
            assertTrue(store.flowPolicy(ctx.run().id).resuming());
        }

        /**
         * The rule's after hook also runs when it rejected the transition (its answer is still a transition it
         * governs), so Prefect marks the run as resuming even then, and keeps the mark though no state is written.
         */
        @Test
        void testMarksFlowRunAsResumingEvenWhenTheResumeIsRejected() {
            FlowOrchestrationContext ctx = pausedTo(StateType.PENDING, StateDetails.EMPTY, true);
            orchestrate(ctx, HandleResumingPausedFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertFalse(ctx.stateWritten());
            assertTrue(store.flowPolicy(ctx.run().id).resuming());
        }
    }

    @Nested
    class TestPreventRunningTasksFromStoppedFlows {

        @Test
        void testAllowsTaskRunsToRun() {
            TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().initialFlowRunStateType(StateType.RUNNING));
            orchestrate(ctx, PreventRunningTasksFromStoppedFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
        }

        static Stream<StateType> notRunning() {
            return Arrays.stream(StateType.values()).filter(t -> t != StateType.RUNNING);
        }

        @ParameterizedTest
        @MethodSource("notRunning")
        void testPreventsTasksFromRunning(StateType flowState) {
            TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().initialFlowRunStateType(flowState));
            orchestrate(ctx, PreventRunningTasksFromStoppedFlows::new);
            if (flowState == StateType.PAUSED) {
                assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
                assertEquals(StateType.PAUSED, ctx.validatedState().type());
                assertEquals("NotReady", ctx.validatedState().name());
            } else {
                assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
                assertEquals(StateType.PENDING, ctx.validatedState().type());
                assertEquals(new StateResponseDetails.Abort(
                        "The enclosing flow must be running to begin task execution."), ctx.responseDetails());
            }
        }

        @Test
        void testAFlowRunWithoutStateAbortsItsTasks() {
            TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING, setup());
            orchestrate(ctx, PreventRunningTasksFromStoppedFlows::new);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
        }

        @Test
        void testATaskRunWithoutFlowRunMayRun() {
            UUID id = newTaskRun(null);
            TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().runOverride(id));
            orchestrate(ctx, PreventRunningTasksFromStoppedFlows::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @Test
        void testDoesNotReuseStatePkFromPausedFlowRun() {
            OffsetDateTime timeout = NOW.plusMinutes(5);
            TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING,
                    setup().initialFlowRunStateType(StateType.PAUSED)
                            .initialFlowRunStateDetails(StateDetails.EMPTY.withPause(timeout, true, null)));
            State flowState = store.currentState(ctx.run().flowRunId);
            orchestrate(ctx, PreventRunningTasksFromStoppedFlows::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.PAUSED, ctx.validatedState().type());
            assertEquals(StateType.PAUSED, flowState.type());
            assertNotEquals(flowState.id(), ctx.validatedState().id());
            assertEquals(timeout, ctx.validatedState().stateDetails().pauseTimeout());
            assertTrue(ctx.validatedState().stateDetails().pauseReschedule());
            assertEquals(new StateResponseDetails.Reject("The flow is paused, new tasks can execute after resuming"
                    + " flow run: " + ctx.run().flowRunId + "."), ctx.responseDetails());
        }
    }

    @Nested
    class TestHandleCancellingStateTransitions {

        static Stream<Arguments> notCancelled() {
            List<Arguments> out = new ArrayList<>();
            for (StateType from : List.of(StateType.CANCELLING, StateType.CANCELLED)) {
                for (StateType to : StateType.values()) {
                    if (to != StateType.CANCELLED) {
                        out.add(Arguments.of(from, to));
                    }
                }
            }
            return out.stream();
        }

        @ParameterizedTest
        @MethodSource("notCancelled")
        void testRejectsCancellingToAnythingButCancelled(StateType initial, StateType proposed) {
            FlowOrchestrationContext ctx = initializeFlow(initial, proposed, setup());
            orchestrate(ctx, EnforceCancellingToCancelledTransition::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(initial, ctx.validatedState().type());
            assertEquals(new StateResponseDetails.Reject(
                    "Cannot transition flows that are cancelling to a state other than Cancelled."),
                    ctx.responseDetails());
        }

        @ParameterizedTest
        @EnumSource(value = StateType.class, names = {"CANCELLING", "CANCELLED"})
        void testAllowsCancellingToCancelled(StateType initial) {
            FlowOrchestrationContext ctx = initializeFlow(initial, StateType.CANCELLED, setup());
            orchestrate(ctx, EnforceCancellingToCancelledTransition::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }
    }

    @Nested
    class TestHandleCancellingScheduledFlows {

        @Test
        void testRejectsCancellingScheduledFlowAndSetsToCancelled() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.SCHEDULED, StateType.CANCELLING, setup());
            orchestrate(ctx, BypassCancellingScheduledFlowRuns::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.CANCELLED, ctx.validatedState().type());
            assertEquals(new StateResponseDetails.Reject("Scheduled flow run has no infrastructure to terminate."),
                    ctx.responseDetails());
        }

        static Stream<StateType> notScheduled() {
            return allOrchestrationStates().stream().filter(t -> t != StateType.SCHEDULED);
        }

        @ParameterizedTest
        @MethodSource("notScheduled")
        void testAllowsAllOtherTransitions(StateType initial) {
            FlowOrchestrationContext ctx = initializeFlow(initial, StateType.CANCELLING, setup());
            orchestrate(ctx, BypassCancellingScheduledFlowRuns::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            assertEquals(StateType.CANCELLING, ctx.validatedState().type());
        }

        @Test
        void testAcceptsCancellingFlowRunWithPid() {
            FlowOrchestrationContext ctx = initializeFlow(StateType.SCHEDULED, StateType.CANCELLING, setup());
            orchestrate(ctx, BypassCancellingScheduledFlowRuns::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(StateType.CANCELLED, ctx.validatedState().type());

            FlowOrchestrationContext withPid = initializeFlow(StateType.SCHEDULED, StateType.CANCELLING,
                    setup().flowRun(r -> r.infrastructurePid = "my-pid-42"));
            orchestrate(withPid, BypassCancellingScheduledFlowRuns::new);
            assertEquals(SetStateStatus.ACCEPT, withPid.responseStatus());
            assertEquals(StateType.CANCELLING, withPid.validatedState().type());
        }
    }

    @Nested
    class TestAddUnknownResultRule {

        static Stream<Arguments> cases(String... resultTypes) {
            List<Arguments> out = new ArrayList<>();
            for (String rt : resultTypes) {
                for (StateType t : List.of(StateType.FAILED, StateType.CRASHED)) {
                    out.add(Arguments.of(rt, t));
                }
            }
            return perRunType(out.stream());
        }

        static Stream<Arguments> persisted() {
            return cases("reference");
        }

        static Stream<Arguments> notPersisted() {
            return cases("unpersisted", "literal");
        }

        @ParameterizedTest
        @MethodSource("persisted")
        void testSavesUnknownResultIfLastStateUsedPersistedResults(RunType runType, String resultType,
                StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.COMPLETED,
                    setup().initialData(result(resultType)));
            orchestrate(ctx, AddUnknownResult::new);
            assertEquals("unknown", ctx.proposedState().data().get("type").asText());
            assertEquals("unknown", store.currentState(ctx.run().id).data().get("type").asText());
        }

        @ParameterizedTest
        @MethodSource("notPersisted")
        void testDoesNotSaveUnknownResultIfLastResultDidNotUsePersistedResults(RunType runType, String resultType,
                StateType initial) {
            OrchestrationContext ctx = initialize(runType, initial, StateType.COMPLETED,
                    setup().initialData(result(resultType)));
            orchestrate(ctx, AddUnknownResult::new);
            assertNull(ctx.proposedState().data());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testForcedCompletionsGetTheUnknownResult(RunType runType) {
            OrchestrationContext ctx = initialize(runType, StateType.FAILED, null,
                    setup().initialData(result("reference")));
            OrchestrationContext forced = force(runType, ctx.run().id, newState(StateType.COMPLETED));
            assertEquals("unknown", forced.validatedState().data().get("type").asText());
        }
    }

    @Nested
    class TestPreventDuplicateTransitions {

        FlowOrchestrationContext pendingToPending(UUID initialId, UUID proposedId) {
            return initializeFlow(StateType.PENDING, StateType.PENDING,
                    setup().initialDetails(withTransitionId(initialId)).proposedDetails(withTransitionId(proposedId)));
        }

        @Test
        void testNoTransitionIds() {
            FlowOrchestrationContext ctx = pendingToPending(null, null);
            orchestrate(ctx, PreventDuplicateTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @Test
        void testProposedStateNoTransitionId() {
            FlowOrchestrationContext ctx = pendingToPending(UUID.randomUUID(), null);
            orchestrate(ctx, PreventDuplicateTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @Test
        void testInitialStateNoTransitionId() {
            FlowOrchestrationContext ctx = pendingToPending(null, UUID.randomUUID());
            orchestrate(ctx, PreventDuplicateTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @Test
        void testDifferentTransitionIds() {
            FlowOrchestrationContext ctx = pendingToPending(UUID.randomUUID(), UUID.randomUUID());
            orchestrate(ctx, PreventDuplicateTransitions::new);
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @Test
        void testSameTransitionId() {
            UUID id = UUID.randomUUID();
            FlowOrchestrationContext ctx = pendingToPending(id, id);
            orchestrate(ctx, PreventDuplicateTransitions::new);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertEquals(ctx.initialState(), ctx.validatedState());
            assertEquals(new StateResponseDetails.Reject("This run has already made this state transition."),
                    ctx.responseDetails());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testTaskRunsAreNotProtected(RunType runType) {
            // PreventDuplicateTransitions is in Prefect's flow policy only
            UUID id = UUID.randomUUID();
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING,
                    setup().initialDetails(withTransitionId(id)).proposedDetails(withTransitionId(id))
                            .initialFlowRunStateType(StateType.RUNNING));
            if (ctx instanceof TaskOrchestrationContext task) {
                store.setTaskRunState(task.run().id, ctx.proposedState(), false, Map.of(), NOW);
                assertEquals(StateType.RUNNING, store.currentState(task.run().id).type());
            } else {
                FlowOrchestrationContext flow = store.setFlowRunState(ctx.run().id, ctx.proposedState(), false,
                        Map.of(), NOW);
                assertEquals(SetStateStatus.REJECT, flow.responseStatus());
            }
        }
    }
}
