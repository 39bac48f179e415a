package dev.orchestra.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.orchestra.orchestration.policies.Policies;
import dev.orchestra.schemas.StateType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port of Prefect's tests/server/orchestration/test_policies.py, plus the content of our policies: for every
 * transition (every pair of state types or "no state"), each policy selects exactly the rules Prefect 2.14.21
 * selects, in Prefect's order. The expected FROM/TO sets below are copied from Prefect's rule declarations,
 * so a rule governing a transition it must not touch (or missing one it must) fails here.
 */
class PoliciesTest extends OrchestrationTestSupport {

    static final Set<StateType> ALL = EnumSet.allOf(StateType.class);
    static final Set<StateType> TERMINAL = EnumSet.copyOf(StateType.TERMINAL);

    /** A rule's declared FROM and TO sets, as in Prefect ({@code includesNone}: None is in the set). */
    record Declared(Set<StateType> from, boolean fromNone, Set<StateType> to, boolean toNone) {
        boolean governs(StateType f, StateType t) {
            return (f == null ? fromNone : from.contains(f)) && (t == null ? toNone : to.contains(t));
        }
    }

    static Declared all() {
        return new Declared(ALL, true, ALL, true);
    }

    static Declared of(Set<StateType> from, boolean fromNone, Set<StateType> to, boolean toNone) {
        return new Declared(from, fromNone, to, toNone);
    }

    static Set<StateType> set(StateType... types) {
        return types.length == 0 ? EnumSet.noneOf(StateType.class) : EnumSet.of(types[0], types);
    }

    /** Prefect's core_policy.py and global_policy.py declarations, by rule name. */
    static final Map<String, Declared> PREFECT = new LinkedHashMap<>();

    static {
        PREFECT.put("PreventDuplicateTransitions", all());
        PREFECT.put("HandleFlowTerminalStateTransitions", of(TERMINAL, false, ALL, true));
        PREFECT.put("EnforceCancellingToCancelledTransition", of(set(StateType.CANCELLED, StateType.CANCELLING),
                false, EnumSet.complementOf(EnumSet.of(StateType.CANCELLED)), true));
        PREFECT.put("BypassCancellingScheduledFlowRuns", of(set(StateType.SCHEDULED), false,
                set(StateType.CANCELLING), false));
        PREFECT.put("PreventPendingTransitions", of(set(StateType.PENDING, StateType.CANCELLING, StateType.RUNNING,
                StateType.CANCELLED), false, set(StateType.PENDING), false));
        PREFECT.put("HandlePausingFlows", of(ALL, true, set(StateType.PAUSED), false));
        PREFECT.put("HandleResumingPausedFlows", of(set(StateType.PAUSED), false, ALL, true));
        PREFECT.put("CopyScheduledTime", of(set(StateType.SCHEDULED), false, set(StateType.PENDING), false));
        PREFECT.put("WaitForScheduledTime", of(set(StateType.SCHEDULED, StateType.PENDING), false,
                set(StateType.RUNNING), false));
        PREFECT.put("RetryFailedFlows", of(set(StateType.RUNNING), false, set(StateType.FAILED), false));
        PREFECT.put("CacheRetrieval", of(ALL, true, set(StateType.RUNNING), false));
        PREFECT.put("HandleTaskTerminalStateTransitions", of(TERMINAL, false, ALL, true));
        PREFECT.put("PreventRunningTasksFromStoppedFlows", of(ALL, true, set(StateType.RUNNING), false));
        PREFECT.put("SecureTaskConcurrencySlots", of(ALL, true, set(StateType.RUNNING), false));
        PREFECT.put("RetryFailedTasks", of(set(StateType.RUNNING), false, set(StateType.FAILED), false));
        PREFECT.put("RenameReruns", of(ALL, true, set(StateType.RUNNING), false));
        PREFECT.put("UpdateFlowRunTrackerOnTasks", of(ALL, true, set(StateType.RUNNING), false));
        PREFECT.put("CacheInsertion", of(ALL, true, set(StateType.COMPLETED), false));
        PREFECT.put("AddUnknownResult", of(set(StateType.FAILED, StateType.CRASHED), false,
                set(StateType.COMPLETED), false));
        // bookkeeping transforms govern every transition
        for (String transform : List.of("ReleaseTaskConcurrencySlots", "SetRunStateType", "SetRunStateName",
                "SetRunStateTimestamp", "SetStartTime", "SetEndTime", "IncrementRunTime", "SetExpectedStartTime",
                "SetNextScheduledStartTime", "UpdateStateDetails", "UpdateSubflowParentTask",
                "UpdateSubflowStateDetails", "IncrementFlowRunCount", "RemoveResumingIndicator",
                "IncrementTaskRunCount")) {
            PREFECT.put(transform, all());
        }
    }

    static final List<String> CORE_FLOW = List.of("PreventDuplicateTransitions",
            "HandleFlowTerminalStateTransitions", "EnforceCancellingToCancelledTransition",
            "BypassCancellingScheduledFlowRuns", "PreventPendingTransitions", "HandlePausingFlows",
            "HandleResumingPausedFlows", "CopyScheduledTime", "WaitForScheduledTime", "RetryFailedFlows");
    static final List<String> CORE_TASK = List.of("CacheRetrieval", "HandleTaskTerminalStateTransitions",
            "PreventRunningTasksFromStoppedFlows", "SecureTaskConcurrencySlots", "CopyScheduledTime",
            "WaitForScheduledTime", "RetryFailedTasks", "RenameReruns", "UpdateFlowRunTrackerOnTasks",
            "CacheInsertion", "ReleaseTaskConcurrencySlots");
    static final List<String> MINIMAL_FLOW = List.of("AddUnknownResult");
    static final List<String> MINIMAL_TASK = List.of("ReleaseTaskConcurrencySlots", "AddUnknownResult");
    static final List<String> COMMON_GLOBAL = List.of("SetRunStateType", "SetRunStateName", "SetRunStateTimestamp",
            "SetStartTime", "SetEndTime", "IncrementRunTime", "SetExpectedStartTime", "SetNextScheduledStartTime",
            "UpdateStateDetails");
    static final List<String> GLOBAL_FLOW = concat(COMMON_GLOBAL, List.of("UpdateSubflowParentTask",
            "UpdateSubflowStateDetails", "IncrementFlowRunCount", "RemoveResumingIndicator"));
    static final List<String> GLOBAL_TASK = concat(COMMON_GLOBAL, List.of("IncrementTaskRunCount"));

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Prefect's {@code compile_transition_rules}: the rules whose FROM and TO hold the transition, in order. */
    static List<String> prefectCompile(List<String> priority, StateType from, StateType to) {
        return priority.stream().filter(name -> PREFECT.get(name).governs(from, to)).toList();
    }

    static List<String> names(List<Stage> stages) {
        return stages.stream().map(s -> s instanceof OrchestrationRule<?> ? s.getClass().getSimpleName()
                : s.toString()).toList();
    }

    enum Named {
        CORE_FLOW(PoliciesTest.CORE_FLOW), CORE_TASK(PoliciesTest.CORE_TASK),
        MINIMAL_FLOW(PoliciesTest.MINIMAL_FLOW), MINIMAL_TASK(PoliciesTest.MINIMAL_TASK),
        GLOBAL_FLOW(PoliciesTest.GLOBAL_FLOW), GLOBAL_TASK(PoliciesTest.GLOBAL_TASK);

        final List<String> prefectPriority;

        Named(List<String> prefectPriority) {
            this.prefectPriority = prefectPriority;
        }
    }

    /** Compiles one of our policies for a transition, on a context of the right run type. */
    List<String> compile(Named policy, StateType from, StateType to) {
        Function<OrchestrationContext, List<Stage>> compiled = switch (policy) {
            case CORE_FLOW -> c -> Policies.CORE_FLOW.compile((FlowOrchestrationContext) c, from, to);
            case MINIMAL_FLOW -> c -> Policies.MINIMAL_FLOW.compile((FlowOrchestrationContext) c, from, to);
            case GLOBAL_FLOW -> c -> Policies.GLOBAL_FLOW.compile((FlowOrchestrationContext) c, from, to);
            case CORE_TASK -> c -> Policies.CORE_TASK.compile((TaskOrchestrationContext) c, from, to);
            case MINIMAL_TASK -> c -> Policies.MINIMAL_TASK.compile((TaskOrchestrationContext) c, from, to);
            case GLOBAL_TASK -> c -> Policies.GLOBAL_TASK.compile((TaskOrchestrationContext) c, from, to);
        };
        boolean flow = policy.name().endsWith("FLOW");
        OrchestrationContext ctx = flow ? initializeFlow(null, null, setup()) : initializeTask(null, null, setup());
        return names(compiled.apply(ctx));
    }

    static Stream<Arguments> policiesAndInitialStates() {
        List<Arguments> out = new ArrayList<>();
        for (Named policy : Named.values()) {
            for (StateType from : allOrchestrationStates()) {
                out.add(Arguments.of(policy, from));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("policiesAndInitialStates")
    void testPoliciesSelectPrefectsRulesForEveryTransition(Named policy, StateType from) {
        for (StateType to : allOrchestrationStates()) {
            assertEquals(prefectCompile(policy.prefectPriority, from, to), compile(policy, from, to),
                    policy + ": " + from + " => " + to);
        }
    }

    @Test
    void testPoliciesHoldEveryRuleOfPrefectsAndNoOther() {
        for (Named policy : Named.values()) {
            List<String> seen = new ArrayList<>();
            for (StateType from : allOrchestrationStates()) {
                for (StateType to : allOrchestrationStates()) {
                    for (String name : compile(policy, from, to)) {
                        if (!seen.contains(name)) {
                            seen.add(name);
                        }
                    }
                }
            }
            assertEquals(Set.copyOf(policy.prefectPriority), Set.copyOf(seen), policy.name());
        }
    }

    static final class FirstRuleOfFightClub<C extends OrchestrationContext> extends OrchestrationRule<C> {
        FirstRuleOfFightClub(C context, StateType from, StateType to) {
            super(StateTypes.ALL, StateTypes.ALL, context, from, to);
        }
    }

    static final class SecondRuleOfFightClub<C extends OrchestrationContext> extends OrchestrationRule<C> {
        SecondRuleOfFightClub(C context, StateType from, StateType to) {
            super(StateTypes.ALL, StateTypes.ALL, context, from, to);
        }
    }

    static final class UselessRule<C extends OrchestrationContext> extends OrchestrationRule<C> {
        UselessRule(C context, StateType from, StateType to) {
            super(NONE, NONE, context, from, to);
        }
    }

    @Test
    void testPoliciesReturnRulesInPriorityOrder() {
        Policy<OrchestrationContext> fightClub = Policy.of("FightClub", FirstRuleOfFightClub::new,
                SecondRuleOfFightClub::new);
        Policy<OrchestrationContext> copyCat = Policy.of("CopyCatClub", FirstRuleOfFightClub::new,
                SecondRuleOfFightClub::new);
        Policy<OrchestrationContext> different = Policy.of("DefinitelyADifferentClub", SecondRuleOfFightClub::new,
                FirstRuleOfFightClub::new);
        OrchestrationContext ctx = initialize(RunType.TASK, StateType.RUNNING, StateType.COMPLETED);
        StateType from = StateType.RUNNING;
        StateType to = StateType.COMPLETED;
        assertEquals(names(fightClub.compile(ctx, from, to)), names(copyCat.compile(ctx, from, to)));
        assertNotEquals(names(fightClub.compile(ctx, from, to)), names(different.compile(ctx, from, to)));
        assertEquals(List.of("FirstRuleOfFightClub", "SecondRuleOfFightClub"), names(fightClub.compile(ctx, from,
                to)));
    }

    @Test
    void testPoliciesOnlyReturnRelevantRules() {
        Policy<OrchestrationContext> bureaucracy = Policy.of("Bureaucracy", UselessRule::new, UselessRule::new,
                FirstRuleOfFightClub::new);
        OrchestrationContext ctx = initialize(RunType.TASK, StateType.PENDING, StateType.RUNNING);
        assertEquals(List.of("FirstRuleOfFightClub"),
                names(bureaucracy.compile(ctx, StateType.PENDING, StateType.RUNNING)));
    }

    @Test
    void testPoliciesCreateFreshRulesForEveryTransition() {
        TaskOrchestrationContext ctx = initializeTask(StateType.PENDING, StateType.RUNNING, setup());
        List<Stage> first = Policies.CORE_TASK.compile(ctx, StateType.PENDING, StateType.RUNNING);
        List<Stage> second = Policies.CORE_TASK.compile(ctx, StateType.PENDING, StateType.RUNNING);
        for (int i = 0; i < first.size(); i++) {
            assertNotSame(first.get(i), second.get(i));
        }
    }
}
