package dev.orchestra.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.orchestra.config.JsonConfig;
import dev.orchestra.schemas.OrchestrationResult;
import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateResponseDetails;
import dev.orchestra.schemas.StateType;
import dev.orchestra.testing.CapturedLogs;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Port of Prefect's tests/server/orchestration/test_rules.py: the rule lifecycle through the engine with an
 * in-memory store (hooks, fizzling, invalid rules, rejections to no state, errors turned into ABORT,
 * bookkeeping transforms), plus the engine's own sequence (enter in priority order, validate, exit in
 * reverse, write once).
 */
class OrchestrationRuleLifecycleTest extends OrchestrationTestSupport {

    static Stream<Arguments> anyToType() {
        return product(allOrchestrationStates(), canonicalStates());
    }

    static Stream<Arguments> anyToAny() {
        return product(allOrchestrationStates(), allOrchestrationStates());
    }

    static Stream<Arguments> anyToNone() {
        return product(allOrchestrationStates(), Arrays.asList((StateType) null));
    }

    static Stream<Arguments> runTypesTypeToType() {
        return perRunType(product(canonicalStates(), canonicalStates()));
    }

    static Stream<Arguments> runTypesAnyToAny() {
        return perRunType(anyToAny());
    }

    static Stream<Arguments> runTypesAndTypes() {
        return perRunType(StateType.values());
    }

    OrchestrationContext pendingToRunning(RunType runType) {
        return initialize(runType, StateType.PENDING, StateType.RUNNING);
    }

    /** Enters and exits a single rule, as {@code async with rule as ctx} does; nothing is written. */
    static void enterValidateExit(OrchestrationContext ctx, Stage rule) {
        rule.enter().await().indefinitely();
        if (ctx.proposedState() == null) {
            ctx.validatedState = ctx.initialState();
        } else {
            ctx.validatedState = ctx.proposedState();
        }
        rule.exit().await().indefinitely();
    }

    @Nested
    class TestOrchestrationResult {

        static Stream<StateResponseDetails> details() {
            return Stream.of(new StateResponseDetails.Wait(20, "No!"),
                    new StateResponseDetails.Reject("I don't want to change!"),
                    new StateResponseDetails.Abort("I don't need to change!"));
        }

        @ParameterizedTest
        @MethodSource("details")
        void testDetailsAreNotImproperlyCoerced(StateResponseDetails details) throws Exception {
            ObjectMapper mapper = new ObjectMapper();
            mapper.findAndRegisterModules();
            new JsonConfig().customize(mapper);
            JsonNode json = mapper.valueToTree(new OrchestrationResult(null, SetStateStatus.ACCEPT, details));
            OrchestrationResult back = mapper.treeToValue(json, OrchestrationResult.class);
            assertEquals(details.getClass(), back.details().getClass());
            assertEquals(details, back.details());
        }
    }

    @Nested
    class TestBaseOrchestrationRule {

        @Test
        void testOrchestrationRulesAreContextManagers() {
            int[] sideEffect = {0};
            HookRule rule = HookRule.create().onBefore(r -> sideEffect[0]++).onAfter(r -> sideEffect[0]++)
                    .onCleanup(r -> sideEffect[0]--);
            orchestrate(pendingToRunning(RunType.TASK), rule.factory());
            assertEquals(2, sideEffect[0]);
        }

        @Test
        void testValidRulesFireBeforeAndAfterTransitions() {
            HookRule rule = HookRule.create();
            orchestrate(pendingToRunning(RunType.TASK), rule.factory());
            assertFalse(rule.invalid());
            assertFalse(rule.fizzled());
            assertEquals(1, rule.before);
            assertEquals(1, rule.after);
            assertEquals(0, rule.cleanups);
        }

        @Test
        void testInvalidRulesAreNoops() {
            OrchestrationContext ctx = pendingToRunning(RunType.TASK);
            // a rule governing no transition, created for a transition the context is not making
            HookRule rule = HookRule.create().from(NONE).to(NONE);
            enterValidateExit(ctx, rule.createFor(ctx, StateType.SCHEDULED, StateType.COMPLETED));
            assertTrue(rule.invalid());
            assertFalse(rule.fizzled());
            assertEquals(0, rule.hookCalls());
        }

        @Test
        void testRulesCreatedForAnotherTransitionAreNoopsEvenWhenTheyGovernIt() {
            OrchestrationContext ctx = pendingToRunning(RunType.TASK);
            HookRule rule = HookRule.create();
            enterValidateExit(ctx, rule.createFor(ctx, StateType.SCHEDULED, StateType.COMPLETED));
            assertTrue(rule.invalid());
            assertFalse(rule.fizzled());
            assertEquals(0, rule.hookCalls());
        }

        /** Prefect also mutates the initial state; here nothing can change it (it is final on the context). */
        @Test
        void testFizzledRulesFireBeforeHooksThenCleanup() {
            int[] sideEffect = {0};
            HookRule fizzling = HookRule.create().onBefore(r -> sideEffect[0]++).onAfter(r -> sideEffect[0]++)
                    .onCleanup(r -> sideEffect[0]--);
            HookRule mutator = HookRule.create().onBefore(r -> {
                assertEquals(1, sideEffect[0], "within the context only the before-hook has fired");
                r.reject(newState(otherType(StateType.PENDING, StateType.RUNNING)), "mutating");
            });
            orchestrate(pendingToRunning(RunType.TASK), fizzling.factory(), mutator.factory());
            assertEquals(0, sideEffect[0]);
            assertFalse(fizzling.invalid());
            assertTrue(fizzling.fizzled());
            assertEquals(1, fizzling.before);
            assertEquals(0, fizzling.after);
            assertEquals(1, fizzling.cleanups);
        }

        @Test
        void testRulesThatRejectStateDoNotFizzleThemselves() {
            HookRule rule = HookRule.create().onBefore(r -> r.reject(
                    newState(otherType(StateType.PENDING, StateType.RUNNING)), "for testing, of course"));
            orchestrate(pendingToRunning(RunType.TASK), rule.factory());
            assertFalse(rule.invalid());
            assertFalse(rule.fizzled());
            assertEquals(1, rule.before);
            assertEquals(1, rule.after);
            assertEquals(0, rule.cleanups);
        }

        @Test
        void testRulesThatWaitDoNotFizzleThemselves() {
            HookRule rule = HookRule.create().onBefore(r -> r.delay(42, "for testing, of course"));
            orchestrate(pendingToRunning(RunType.TASK), rule.factory());
            assertFalse(rule.invalid());
            assertFalse(rule.fizzled());
            assertEquals(1, rule.before);
            assertEquals(1, rule.after);
            assertEquals(0, rule.cleanups);
        }

        @Test
        void testRulesThatAbortDoNotFizzleThemselves() {
            HookRule rule = HookRule.create().onBefore(r -> r.abort("for testing, of course"));
            orchestrate(pendingToRunning(RunType.TASK), rule.factory());
            assertFalse(rule.invalid());
            assertFalse(rule.fizzled());
            assertEquals(1, rule.before);
            assertEquals(1, rule.after);
            assertEquals(0, rule.cleanups);
        }

        /** Prefect re-checks FROM/TO on exit against the type the rule itself proposed: outside them, it is invalid. */
        @Test
        void testRulesThatChangeTheTransitionOutsideTheirToStatesAreInvalidOnExit() {
            HookRule rule = HookRule.create().to(StateTypes.of(StateType.RUNNING)).onBefore(r -> r.delay(42, "wait"));
            orchestrate(pendingToRunning(RunType.TASK), rule.factory());
            assertTrue(rule.invalid());
            assertFalse(rule.fizzled());
            assertEquals(1, rule.before);
            assertEquals(0, rule.after + rule.cleanups);
        }

        @Test
        void testRulesCanPassParametersViaContext() {
            Object[] special = {null};
            HookRule passer = HookRule.create().onBefore(r -> r.param("a special message", "hello!"));
            HookRule reader = HookRule.create().onBefore(r -> special[0] = r.ctx().parameter("a special message"));
            orchestrate(pendingToRunning(RunType.TASK), passer.factory(), reader.factory());
            assertEquals(1, reader.before);
            assertEquals("hello!", special[0]);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#anyToType")
        void testRulesThatRaiseExceptionsDuringBeforeTransition(StateType initial, StateType proposed) {
            HookRule minimal = HookRule.create();
            HookRule raising = HookRule.create().onBefore(r -> {
                throw new IllegalStateException("Test!");
            });
            OrchestrationContext ctx = initialize(RunType.TASK, initial, proposed);
            orchestrate(ctx, minimal.factory(), raising.factory());

            assertNull(ctx.proposedState(), "Proposed state should be None");
            assertTrue(minimal.fizzled());
            assertFalse(raising.invalid(), "Rules that error on entry should be fizzled so they can try and clean up");
            assertTrue(raising.fizzled());
            assertEquals(1, minimal.before);
            assertEquals(0, minimal.after);
            assertEquals(1, minimal.cleanups, "All rules should clean up side effects");
            assertEquals(1, raising.before);
            assertEquals(0, raising.after, "The after-transition hook should not run");
            assertEquals(1, raising.cleanups, "All rules should clean up side effects");
            assertInstanceOf(IllegalStateException.class, ctx.orchestrationError());
            // the deliberate difference: Prefect re-raises the error (a 500), this engine answers ABORT with it
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(new StateResponseDetails.Abort("Aborting orchestration due to error in Rule: !"
                    + "java.lang.IllegalStateException: Test!"), ctx.responseDetails());
            assertFalse(ctx.stateWritten());
            assertEquals(List.of("Rule"), ctx.ruleSignature(), "a rule that errored did not complete its entry");
            // a failing rule is a bug: logged at ERROR with its stack trace (captured here, printed in production)
            List<LogRecord> errors = CapturedLogs.atLeast(Level.SEVERE);
            assertEquals(1, errors.size());
            assertInstanceOf(IllegalStateException.class, errors.get(0).getThrown());
        }

        /**
         * A database error in the state write has aborted the transaction, so an ABORT answer could not be
         * committed (Prefect then answers 500): the error propagates to the error mappers, and the rules still
         * clean up.
         */
        @ParameterizedTest
        @EnumSource(RunType.class)
        void testDatabaseErrorInTheStateWritePropagates(RunType runType) {
            HookRule rule = HookRule.create();
            OrchestrationContext ctx = pendingToRunning(runType);
            PgException refused = new PgException("invalid byte sequence", "ERROR", "22021", null);
            store.failNextCommit(refused);
            assertSame(refused, assertThrows(PgException.class, () -> orchestrate(ctx, rule.factory())));
            assertEquals(0, rule.after);
            assertFalse(ctx.stateWritten());
            assertEquals(StateType.PENDING, store.currentState(ctx.run().id).type());
        }

        /**
         * Prefect's API answers a rule's retryable database error with 503 (the client retries); only other
         * errors become ABORT here. Nothing is written.
         */
        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRetryableDatabaseErrorsInRulesPropagate(RunType runType) {
            VertxException dropped = new VertxException("Connection was closed");
            HookRule raising = HookRule.create().onBefore(r -> {
                throw dropped;
            });
            OrchestrationContext ctx = pendingToRunning(runType);
            store.log.clear();
            assertSame(dropped, assertThrows(VertxException.class, () -> orchestrate(ctx, raising.factory())));
            assertEquals(List.of(), store.log);
            assertNull(ctx.orchestrationError());
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationTestSupport#allOrchestrationStates")
        void testRulesEnforceInitialStateValidity(StateType initial) {
            OrchestrationContext ctx = initialize(RunType.TASK, initial, null);
            HookRule rule = HookRule.create().from(allBut(initial));
            enterValidateExit(ctx, rule.createFor(ctx, initial, null));
            assertTrue(rule.invalid());
            assertEquals(0, rule.before + rule.after);
            assertTrue(Policy.of("p", rule.factory()).compile(ctx, initial, null).isEmpty(),
                    "a policy does not even select it");
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationTestSupport#allOrchestrationStates")
        void testRulesEnforceProposedStateValidity(StateType proposed) {
            OrchestrationContext ctx = initialize(RunType.TASK, null, proposed);
            HookRule rule = HookRule.create().to(allBut(proposed));
            enterValidateExit(ctx, rule.createFor(ctx, null, proposed));
            assertTrue(rule.invalid());
            assertEquals(0, rule.before + rule.after);
            assertTrue(Policy.of("p", rule.factory()).compile(ctx, null, proposed).isEmpty());
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#anyToAny")
        void testNestedValidRulesFireHooks(StateType initial, StateType proposed) {
            int[] sideEffects = {0};
            List<String> order = new ArrayList<>();
            HookRule first = HookRule.create().onBefore(r -> {
                sideEffects[0]++;
                order.add("first.before");
            }).onAfter(r -> {
                sideEffects[0]++;
                order.add("first.after");
            }).onCleanup(r -> sideEffects[0]--);
            HookRule second = HookRule.create().onBefore(r -> {
                assertEquals(List.of("first.before"), order, "no after hook fires before all rules entered");
                sideEffects[0]++;
                order.add("second.before");
            }).onAfter(r -> {
                sideEffects[0]++;
                order.add("second.after");
            }).onCleanup(r -> sideEffects[0]--);
            orchestrate(initialize(RunType.TASK, initial, proposed), first.factory(), second.factory());

            assertFalse(first.invalid());
            assertFalse(second.invalid());
            assertFalse(first.fizzled());
            assertFalse(second.fizzled());
            assertEquals(4, sideEffects[0]);
            assertEquals(List.of("first.before", "second.before", "second.after", "first.after"), order);
            assertEquals(0, first.cleanups + second.cleanups);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#anyToAny")
        void testComplexNestedRulesInteractSensibly(StateType initial, StateType proposed) {
            int[] sideEffects = {0};
            HookRule first = HookRule.create().onBefore(r -> sideEffects[0]++).onAfter(r -> sideEffects[0]++)
                    .onCleanup(r -> sideEffects[0]--);
            HookRule mutator = HookRule.create().onBefore(r -> {
                assertEquals(1, first.before);
                r.reject(newState(otherType(initial, proposed)), "testing my dear watson");
            });
            HookRule invalidated = HookRule.create().onBefore(r -> sideEffects[0]++)
                    .onAfter(r -> sideEffects[0]++).onCleanup(r -> sideEffects[0]--);
            orchestrate(initialize(RunType.TASK, initial, proposed), first.factory(), mutator.factory(),
                    invalidated.factory());

            // once invalid always invalid: the invalidated rule fires no hooks at all
            assertTrue(invalidated.invalid());
            assertFalse(invalidated.fizzled());
            assertEquals(0, invalidated.hookCalls());
            // the rule responsible for the mutation knows about it and stays valid
            assertFalse(mutator.invalid());
            assertFalse(mutator.fizzled());
            assertEquals(1, mutator.before);
            assertEquals(1, mutator.after);
            assertEquals(0, mutator.cleanups);
            // the first rule did not expect the change: it fizzles and cleans up instead of finishing
            assertFalse(first.invalid());
            assertTrue(first.fizzled());
            assertEquals(1, first.before);
            assertEquals(0, first.after);
            assertEquals(1, first.cleanups);
            assertEquals(0, sideEffects[0]);
        }
    }

    @Nested
    class TestBaseUniversalTransform {

        @Test
        void testUniversalTransformsAreContextManagers() {
            HookTransform transform = new HookTransform();
            orchestrate(initialize(RunType.TASK, StateType.RUNNING, StateType.COMPLETED), transform.factory());
            assertEquals(1, transform.before);
            assertEquals(1, transform.after);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#anyToType")
        void testUniversalTransformsAlwaysFireOnAllTransitions(StateType initial, StateType proposed) {
            HookTransform transform = new HookTransform();
            // a rule changing the transition fizzles rules, not transforms
            HookRule mutator = HookRule.create()
                    .onBefore(r -> r.reject(newState(otherType(initial, proposed)), "mutating"));
            orchestrate(initialize(RunType.TASK, initial, proposed), mutator.factory(), transform.factory());
            assertEquals(1, transform.before);
            assertEquals(1, transform.after);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#anyToNone")
        void testUniversalTransformsAlwaysFireOnNullifiedTransitions(StateType initial, StateType proposed) {
            HookTransform transform = new HookTransform();
            orchestrate(initialize(RunType.TASK, initial, proposed), transform.factory());
            assertEquals(1, transform.before);
            assertEquals(1, transform.after);
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#anyToType")
        void testUniversalTransformsNeverFireAfterTransitionOnErroredTransitions(StateType initial,
                StateType proposed) {
            HookTransform transform = new HookTransform();
            HookRule raising = HookRule.create().onBefore(r -> {
                throw new IllegalStateException("boom");
            });
            orchestrate(initialize(RunType.TASK, initial, proposed), raising.factory(), transform.factory());
            assertEquals(1, transform.before);
            assertEquals(0, transform.after,
                    "after_transition should not be called if orchestration encountered errors.");
        }

        /** As in Prefect, an error in bookkeeping is not caught: the orchestration fails and writes nothing. */
        @Test
        void testErrorsInUniversalTransformsFailTheOrchestration() {
            HookTransform transform = new HookTransform();
            transform.onBefore = c -> {
                throw new IllegalStateException("broken bookkeeping");
            };
            HookRule rule = HookRule.create();
            OrchestrationContext ctx = pendingToRunning(RunType.TASK);
            store.log.clear();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> orchestrate(ctx, rule.factory(), transform.factory()));
            assertEquals("broken bookkeeping", e.getMessage());
            assertEquals(0, transform.after);
            assertEquals(0, rule.after + rule.cleanups);
            assertEquals(List.of(), store.log);
            assertEquals(StateType.PENDING, store.currentState(ctx.run().id).type());
        }
    }

    @Nested
    class TestOrchestrationContext {

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextIsProtectedFromMutationAtAllCosts(RunType runType) {
            HookRule villain = HookRule.create().onBefore(r -> {
                // states are values: the changed copies change nothing
                r.ctx().initialState().withName("Evil");
                r.ctx().proposedState().withDetails(r.ctx().proposedState().stateDetails().withTaskRunId(null));
            }).onAfter(r -> r.ctx().validatedState().withName("Evil"));
            OrchestrationContext ctx = pendingToRunning(runType);
            orchestrate(ctx, villain.factory());
            assertEquals(StateType.PENDING, ctx.initialStateType());
            assertEquals(StateType.RUNNING, ctx.proposedStateType());
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
            assertEquals("Pending", ctx.initialState().name());
            assertEquals("Running", ctx.validatedState().name());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextWillMutateIfAskedPolitely(RunType runType) {
            HookRule hero = HookRule.create().onBefore(r -> r.reject(
                    new State(r.ctx().proposedState().id(), StateType.COMPLETED, null, NOW, null, null, null),
                    "heroes ask permission"));
            OrchestrationContext ctx = pendingToRunning(runType);
            orchestrate(ctx, hero.factory());
            assertEquals(StateType.COMPLETED, ctx.proposedStateType());
            assertEquals(StateType.COMPLETED, ctx.validatedState().type());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextWillNotMutateIfAskedTooLate(RunType runType) {
            HookRule tardy = HookRule.create()
                    .onAfter(r -> r.reject(newState(StateType.COMPLETED), "heroes should not be late"));
            OrchestrationContext ctx = pendingToRunning(runType);
            assertThrows(IllegalStateException.class, () -> orchestrate(ctx, tardy.factory()));
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
        }

        @ParameterizedTest
        @ValueSource(ints = {42, 424242})
        void testContextWillProposeNoStateIfAskedToWait(int delay) {
            for (RunType runType : RunType.values()) {
                HookRule waiting = HookRule.create().onBefore(r -> r.delay(delay, "heroes should not be late"));
                OrchestrationContext ctx = pendingToRunning(runType);
                orchestrate(ctx, waiting.factory());
                assertNull(ctx.proposedState());
                assertEquals(SetStateStatus.WAIT, ctx.responseStatus());
                assertEquals(delay, ((StateResponseDetails.Wait) ctx.responseDetails()).delaySeconds());
                assertEquals(StateType.PENDING, ctx.validatedState().type());
                assertFalse(ctx.stateWritten());
            }
        }

        @ParameterizedTest
        @ValueSource(ints = {42, 424242})
        void testRulesCantTryToWaitAfterValidation(int delay) {
            for (RunType runType : RunType.values()) {
                HookRule waiting = HookRule.create().onAfter(r -> r.delay(delay, "heroes should not be late"));
                OrchestrationContext ctx = pendingToRunning(runType);
                assertThrows(IllegalStateException.class, () -> orchestrate(ctx, waiting.factory()));
                assertEquals(StateType.RUNNING, ctx.validatedState().type());
                assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
            }
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextWillProposeNoStateIfAborted(RunType runType) {
            HookRule aborting = HookRule.create().onBefore(r -> r.abort("stop the transition if possible"));
            OrchestrationContext ctx = pendingToRunning(runType);
            State current = store.currentState(ctx.run().id);
            orchestrate(ctx, aborting.factory());
            assertNull(ctx.proposedState());
            assertEquals(current, ctx.validatedState());
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRulesCantAbortAfterValidation(RunType runType) {
            HookRule aborting = HookRule.create().onAfter(r -> r.abort("stop the transition if possible"));
            OrchestrationContext ctx = pendingToRunning(runType);
            assertThrows(IllegalStateException.class, () -> orchestrate(ctx, aborting.factory()));
            assertEquals(StateType.RUNNING, ctx.validatedState().type());
            assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#runTypesAnyToAny")
        void testContextsValidateProposedStates(RunType runType, StateType initial, StateType proposed) {
            OrchestrationContext ctx = initialize(runType, initial, proposed);
            assertNull(ctx.validatedState());
            orchestrate(ctx);
            if (proposed != null) {
                assertEquals(ctx.proposedStateType(), ctx.validatedState().type());
                assertTrue(ctx.stateWritten());
            } else {
                assertEquals(initial, ctx.validatedState() == null ? null : ctx.validatedState().type());
                assertFalse(ctx.stateWritten());
            }
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextValidationSetsRunState(RunType runType) {
            OrchestrationContext ctx = pendingToRunning(runType);
            assertNotEquals(store.currentState(ctx.run().id).id(), ctx.proposedState().id());
            orchestrate(ctx);
            assertEquals(ctx.validatedState(), store.currentState(ctx.run().id));
            assertEquals(ctx.proposedState().id(), ctx.validatedState().id());
            java.util.UUID stored = runType == RunType.TASK ? store.taskRunRow(ctx.run().id).stateId
                    : store.flowRunRow(ctx.run().id).stateId;
            assertEquals(ctx.validatedState().id(), stored);
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextValidationKeepsResultData(RunType runType) {
            JsonNode data = JsonNodeFactory.instance.objectNode().put("value", "some special data");
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING);
            ctx.replaceProposedState(ctx.proposedState().withData(data));
            orchestrate(ctx);
            assertEquals(data, ctx.validatedState().data(), "result data should be attached to the validated state");
            assertEquals(data, store.currentState(ctx.run().id).data());
        }

        /** Prefect moves the artifact fields into an artifact row; here they are not kept with the result. */
        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextValidationStoresResultWithoutArtifactMetadata(RunType runType) {
            JsonNode data = JsonNodeFactory.instance.objectNode().put("value", "some special data")
                    .put("artifact_type", "a special type").put("artifact_description", "it's so pretty");
            OrchestrationContext ctx = initialize(runType, StateType.PENDING, StateType.RUNNING);
            ctx.replaceProposedState(ctx.proposedState().withData(data));
            orchestrate(ctx);
            JsonNode sanitized = JsonNodeFactory.instance.objectNode().put("value", "some special data");
            assertEquals(sanitized, ctx.validatedState().data(),
                    "sanitized result data should be attached to the validated state");
            assertEquals(sanitized, store.currentState(ctx.run().id).data());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextValidationDoesNotWriteResultWhenNoResult(RunType runType) {
            OrchestrationContext ctx = pendingToRunning(runType);
            orchestrate(ctx);
            assertNull(ctx.validatedState().data(), "this validated state should have no result");
            assertNull(store.currentState(ctx.run().id).data());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextStateValidationEncountersException(RunType runType) {
            HookRule rule = HookRule.create();
            OrchestrationContext ctx = pendingToRunning(runType);
            store.failNextCommit(new IllegalStateException("One time error!"));
            orchestrate(ctx, rule.factory());
            assertEquals(1, rule.before);
            assertEquals(0, rule.after);
            assertEquals(1, rule.cleanups, "Cleanup should be called when transition is aborted");
            assertNull(ctx.proposedState());
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(new StateResponseDetails.Abort(
                    "Error validating state: java.lang.IllegalStateException: One time error!"), ctx.responseDetails());
            assertFalse(ctx.stateWritten());
            assertEquals(StateType.PENDING, store.currentState(ctx.run().id).type());
        }

        /**
         * A database error worth a client retry propagates (the API answers 503) and the transaction rolls back.
         * Prefect also runs the rules' cleanup first; here nothing runs after the failed write, since the
         * rollback undoes every side effect and the broken transaction would refuse further statements.
         */
        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextStateValidationEncountersRetryableException(RunType runType) {
            HookRule rule = HookRule.create();
            OrchestrationContext ctx = pendingToRunning(runType);
            VertxException busy = new VertxException("database locked");
            store.failNextCommit(busy);
            VertxException thrown = assertThrows(VertxException.class, () -> orchestrate(ctx, rule.factory()));
            assertSame(busy, thrown);
            assertEquals(1, rule.before);
            assertEquals(0, rule.after);
            assertFalse(ctx.stateWritten());
        }
    }

    @Nested
    class TestNullRejection {

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#runTypesTypeToType")
        void testNullRejectsFizzleAllPriorRules(RunType runType, StateType initial, StateType proposed) {
            int[] sideEffects = {0};
            HookRule minimal = HookRule.create().onBefore(r -> sideEffects[0]++).onAfter(r -> sideEffects[0]++)
                    .onCleanup(r -> sideEffects[0]--);
            HookRule nullRejector = HookRule.create().onBefore(r -> {
                assertEquals(1, sideEffects[0]);
                r.reject(null, "its okay");
            });
            OrchestrationContext ctx = initialize(runType, initial, proposed);
            orchestrate(ctx, minimal.factory(), nullRejector.factory());
            assertEquals(0, sideEffects[0]);
            assertTrue(minimal.fizzled());
            assertFalse(nullRejector.invalid());
            assertFalse(nullRejector.fizzled());
            assertEquals(0, minimal.after);
            assertEquals(1, minimal.cleanups);
            assertEquals(0, nullRejector.cleanups);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#runTypesTypeToType")
        void testNullRejectsAbortAllSubsequentRules(RunType runType, StateType initial, StateType proposed) {
            HookRule nullRejector = HookRule.create().onBefore(r -> r.reject(null, "its okay"));
            HookRule minimal = HookRule.create();
            OrchestrationContext ctx = initialize(runType, initial, proposed);
            orchestrate(ctx, nullRejector.factory(), minimal.factory());
            assertTrue(minimal.invalid());
            assertFalse(nullRejector.invalid());
            assertFalse(nullRejector.fizzled());
            assertEquals(0, minimal.hookCalls());
            assertEquals(0, nullRejector.cleanups);
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
        }

        @ParameterizedTest
        @MethodSource("dev.orchestra.orchestration.OrchestrationRuleLifecycleTest#runTypesAndTypes")
        void testCannotNullRejectRunsWithNoState(RunType runType, StateType proposed) {
            HookRule nullRejector = HookRule.create().onBefore(r -> r.reject(null, "its okay"));
            OrchestrationContext ctx = initialize(runType, null, proposed);
            orchestrate(ctx, nullRejector.factory());
            assertInstanceOf(IllegalStateException.class, ctx.orchestrationError());
            assertTrue(ctx.orchestrationError().getMessage().startsWith("The current run has no state"));
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertNull(store.currentState(ctx.run().id));
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testContextWillNotWriteNewStateWithNullReject(RunType runType) {
            HookRule nullRejector = HookRule.create().onBefore(r -> r.reject(null, "its okay"));
            OrchestrationContext ctx = pendingToRunning(runType);
            State current = store.currentState(ctx.run().id);
            int states = store.states(ctx.run().id).size();
            orchestrate(ctx, nullRejector.factory());
            assertNull(ctx.proposedState());
            assertEquals(current, ctx.validatedState());
            assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
            assertFalse(ctx.stateWritten());
            assertEquals(states, store.states(ctx.run().id).size());
        }

        @ParameterizedTest
        @EnumSource(RunType.class)
        void testRulesThatRejectStateWithNullDoNotFizzleThemselves(RunType runType) {
            HookRule nullRejector = HookRule.create().onBefore(r -> r.reject(null, "for testing, of course"));
            orchestrate(pendingToRunning(runType), nullRejector.factory());
            assertFalse(nullRejector.invalid());
            assertFalse(nullRejector.fizzled());
            assertEquals(1, nullRejector.before);
            assertEquals(1, nullRejector.after);
            assertEquals(0, nullRejector.cleanups);
        }
    }

    /** The engine's own sequence, beyond Prefect's tests. */
    @Nested
    class EngineSequence {

        final List<String> calls = new ArrayList<>();

        HookRule recording(String name) {
            return HookRule.create().onBefore(r -> calls.add(name + ":before"))
                    .onAfter(r -> calls.add(name + ":after")).onCleanup(r -> calls.add(name + ":cleanup"));
        }

        @Test
        void rulesEnterInPriorityOrderThenTransformsThenExitInReverse() {
            HookRule a = recording("a");
            HookRule b = recording("b");
            HookTransform t = new HookTransform();
            t.onBefore = c -> calls.add("t:before");
            OrchestrationContext ctx = pendingToRunning(RunType.TASK);
            engine.orchestrate(ctx, Policy.of("rules", a.factory(), b.factory()), Policy.of("global", t.factory()))
                    .await().indefinitely();
            assertEquals(List.of("a:before", "b:before", "t:before", "b:after", "a:after"), calls);
            assertEquals(List.of("Rule", "Rule", "HookTransform"), ctx.ruleSignature());
            assertEquals(List.of("HookTransform", "Rule", "Rule"), ctx.finalizationSignature());
        }

        @Test
        void theStateIsWrittenOnceBetweenEntryAndExit() {
            HookRule a = recording("a").onBefore(r -> calls.add("a:before:" + store.log.size()));
            HookRule b = recording("b").onAfter(r -> calls.add("b:after:" + store.log));
            OrchestrationContext ctx = pendingToRunning(RunType.TASK);
            store.log.clear();
            orchestrate(ctx, a.factory(), b.factory());
            assertEquals(List.of("a:before:0", "b:before", "b:after:[write]", "a:after"), calls);
            assertEquals(List.of("write"), store.log);
            assertTrue(ctx.stateWritten());
        }

        @Test
        void rulesThatDoNotGovernTheTransitionAreNotEntered() {
            HookRule a = recording("a").from(StateTypes.of(StateType.SCHEDULED));
            HookRule b = recording("b");
            orchestrate(pendingToRunning(RunType.TASK), a.factory(), b.factory());
            assertEquals(List.of("b:before", "b:after"), calls);
        }

        @Test
        void abortingWritesNothingAndAnswersTheCurrentState() {
            HookRule first = recording("first");
            HookRule second = recording("second").onBefore(r -> r.abort("aborted"));
            OrchestrationContext ctx = pendingToRunning(RunType.TASK);
            store.log.clear();
            orchestrate(ctx, first.factory(), second.factory());
            assertEquals(List.of(), store.log);
            assertEquals(1, first.cleanups);
            assertEquals(1, second.after);
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertFalse(ctx.stateWritten());
            assertEquals(StateType.PENDING, ctx.validatedState().type());
        }

        @Test
        void runChangesMadeAfterTheWriteAreWrittenOnceMore() {
            TaskOrchestrationContext ctx = (TaskOrchestrationContext) pendingToRunning(RunType.TASK);
            HookRule late = HookRule.create().onAfter(r -> ((TaskOrchestrationContext) r.ctx()).setRunCount(7));
            store.log.clear();
            orchestrate(ctx, late.factory());
            assertEquals(List.of("write", "update"), store.log);
            assertEquals(7, store.taskRunRow(ctx.run().id).runCount);
        }

        @Test
        void nothingIsWrittenWhenNothingChanged() {
            OrchestrationContext ctx = pendingToRunning(RunType.FLOW);
            store.log.clear();
            orchestrate(ctx, HookRule.create().onBefore(r -> r.reject(null, "no")).factory());
            assertEquals(List.of(), store.log);
        }

        @Test
        void rulesAfterOneThatErroredAreNotEntered() {
            HookRule rejecting = HookRule.create().onBefore(r -> r.reject(newState(StateType.SCHEDULED), "no"));
            HookRule raising = HookRule.create().onBefore(r -> {
                throw new IllegalStateException("kaput");
            });
            OrchestrationContext ctx = pendingToRunning(RunType.TASK);
            orchestrate(ctx, raising.factory(), rejecting.factory());
            assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
            assertEquals(0, rejecting.before, "a rule after the failed one sees no transition");
            assertFalse(ctx.stateWritten());
        }
    }
}
