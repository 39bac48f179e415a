package dev.orchestra.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.persistence.entity.ConcurrencyLimitEntity;
import dev.orchestra.persistence.entity.TaskRunEntity;
import dev.orchestra.schemas.SetStateStatus;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import dev.orchestra.schemas.TaskRunPolicy;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The rule lifecycle of Prefect's tests/server/orchestration/test_rules.py, through the engine with an
 * in-memory store: hooks, fizzling, invalid rules, rejections to no state, errors turned into ABORT.
 */
class OrchestrationRuleLifecycleTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    /** Records what each rule's hooks did. */
    static final List<String> calls = new ArrayList<>();

    /** A rule that records its hooks and optionally acts on entry. */
    static class Recording extends OrchestrationRule<TaskOrchestrationContext> {
        final String name;
        final java.util.function.Consumer<Recording> onEnter;

        Recording(String name, StateTypes from, StateTypes to, TaskOrchestrationContext c, StateType f, StateType t,
                java.util.function.Consumer<Recording> onEnter) {
            super(from, to, c, f, t);
            this.name = name;
            this.onEnter = onEnter;
        }

        @Override
        protected Uni<Void> beforeTransition(State initial, State proposed, TaskOrchestrationContext ctx) {
            calls.add(name + ":before");
            onEnter.accept(this);
            return Uni.createFrom().voidItem();
        }

        @Override
        protected Uni<Void> afterTransition(State initial, State validated, TaskOrchestrationContext ctx) {
            calls.add(name + ":after");
            return Uni.createFrom().voidItem();
        }

        @Override
        protected Uni<Void> cleanup(State initial, State validated, TaskOrchestrationContext ctx) {
            calls.add(name + ":cleanup");
            return Uni.createFrom().voidItem();
        }

        void reject(State state) {
            rejectTransition(state, "rejected");
        }

        void abort() {
            abortTransition("aborted");
        }
    }

    static Policy.Factory<TaskOrchestrationContext> rule(String name, StateTypes from, StateTypes to,
            java.util.function.Consumer<Recording> onEnter) {
        return (c, f, t) -> new Recording(name, from, to, c, f, t, onEnter);
    }

    static Policy.Factory<TaskOrchestrationContext> rule(String name) {
        return rule(name, StateTypes.ALL, StateTypes.ALL, r -> { });
    }

    static TaskOrchestrationContext run(Policy<TaskOrchestrationContext> policy, StateType from, StateType to) {
        calls.clear();
        TaskRunEntity run = new TaskRunEntity();
        run.id = UUID.randomUUID();
        State initial = from == null ? null : State.of(from, null, NOW.minusMinutes(1));
        TaskOrchestrationContext ctx = new TaskOrchestrationContext(new MemoryStore(), NOW, false, run,
                TaskRunPolicy.DEFAULT, initial, State.of(to, null, NOW), Map.of());
        return new OrchestrationEngine().orchestrate(ctx, policy, Policy.of("none")).await().indefinitely();
    }

    @Test
    void rulesFireBeforeInPriorityOrderAndAfterInReverse() {
        TaskOrchestrationContext ctx = run(Policy.of("p", rule("a"), rule("b")), StateType.PENDING, StateType.RUNNING);
        assertEquals(List.of("a:before", "b:before", "write", "b:after", "a:after"), calls);
        assertEquals(SetStateStatus.ACCEPT, ctx.responseStatus());
        assertTrue(ctx.stateWritten());
    }

    @Test
    void rulesThatDoNotGovernTheTransitionAreNotEntered() {
        run(Policy.of("p", rule("a", StateTypes.of(StateType.SCHEDULED), StateTypes.ALL, r -> { }), rule("b")),
                StateType.PENDING, StateType.RUNNING);
        assertEquals(List.of("b:before", "write", "b:after"), calls);
    }

    @Test
    void rulesWhoseTransitionChangedBeforeEntryAreInvalidAndLaterOnesToo() {
        State scheduled = State.of(StateType.SCHEDULED, "AwaitingRetry", NOW);
        run(Policy.of("p", rule("first", StateTypes.ALL, StateTypes.ALL, r -> r.reject(scheduled)), rule("second")),
                StateType.PENDING, StateType.RUNNING);
        // the rejecting rule does not fizzle; the rule after it saw a different transition and is invalid
        assertEquals(List.of("first:before", "write", "first:after"), calls);
    }

    @Test
    void earlierRulesFizzleAndCleanUpWhenALaterRuleChangesTheTransition() {
        State scheduled = State.of(StateType.SCHEDULED, "AwaitingRetry", NOW);
        TaskOrchestrationContext ctx = run(Policy.of("p", rule("first"),
                rule("second", StateTypes.ALL, StateTypes.ALL, r -> r.reject(scheduled))),
                StateType.PENDING, StateType.RUNNING);
        assertEquals(List.of("first:before", "second:before", "write", "second:after", "first:cleanup"), calls);
        assertEquals(SetStateStatus.REJECT, ctx.responseStatus());
        assertEquals("AwaitingRetry", ctx.validatedState().name());
    }

    @Test
    void abortingWritesNothingAndAnswersTheCurrentState() {
        TaskOrchestrationContext ctx = run(Policy.of("p", rule("first"),
                rule("second", StateTypes.ALL, StateTypes.ALL, Recording::abort)), StateType.PENDING, StateType.RUNNING);
        assertEquals(List.of("first:before", "second:before", "second:after", "first:cleanup"), calls);
        assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
        assertFalse(ctx.stateWritten());
        assertEquals(StateType.PENDING, ctx.validatedState().type());
    }

    @Test
    void anErrorInARuleAbortsWithTheReason() {
        TaskOrchestrationContext ctx = run(Policy.of("p", rule("boom", StateTypes.ALL, StateTypes.ALL, r -> {
            throw new IllegalStateException("kaput");
        })), StateType.PENDING, StateType.RUNNING);
        assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
        assertTrue(ctx.responseDetails().toString().contains("kaput"));
        assertFalse(ctx.stateWritten());
        assertTrue(ctx.orchestrationError() instanceof IllegalStateException);
    }

    @Test
    void rejectingANewRunToNoStateIsAnError() {
        TaskOrchestrationContext ctx = run(Policy.of("p", rule("r", StateTypes.ALL, StateTypes.ALL, r -> r.reject(null))),
                null, StateType.PENDING);
        assertEquals(SetStateStatus.ABORT, ctx.responseStatus());
        assertNull(ctx.validatedState());
    }

    /** Nothing in the database: these tests exercise only the lifecycle. */
    static final class MemoryStore implements OrchestrationStore {
        @Override
        public Uni<ParentFlowRun> flowRun(UUID flowRunId) {
            return Uni.createFrom().nullItem();
        }

        @Override
        public Uni<State> cachedState(String cacheKey, OffsetDateTime now) {
            return Uni.createFrom().nullItem();
        }

        @Override
        public Uni<Void> cacheState(String k, OffsetDateTime e, UUID s, OffsetDateTime n) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<List<ConcurrencyLimitEntity>> lockLimits(Collection<String> tags) {
            return Uni.createFrom().item(List.of());
        }

        @Override
        public Uni<Void> setActiveSlots(UUID limitId, List<String> slots, OffsetDateTime now) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> mirrorToParentTask(UUID parentTaskRunId, State state) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> commitFlowRunState(FlowOrchestrationContext context, State state) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> commitTaskRunState(TaskOrchestrationContext context, State state) {
            calls.add("write");
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> updateFlowRun(FlowOrchestrationContext context) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> updateTaskRun(TaskOrchestrationContext context) {
            return Uni.createFrom().voidItem();
        }
    }
}
