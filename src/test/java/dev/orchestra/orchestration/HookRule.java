package dev.orchestra.orchestration;

import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;
import java.util.function.Consumer;

/**
 * A configurable rule for engine tests (the Java stand-in for the MagicMock rules of Prefect's test_rules.py):
 * it governs the transitions it is told to, counts its hook calls, and runs optional actions in them. Rules
 * are created per transition; this object creates them ({@link #factory()}) and keeps the last one it made, so
 * a test can ask it whether it ended invalid or fizzled.
 */
final class HookRule {

    private StateTypes from = StateTypes.ALL;
    private StateTypes to = StateTypes.ALL;
    private Consumer<Rule> onBefore = r -> { };
    private Consumer<Rule> onAfter = r -> { };
    private Consumer<Rule> onCleanup = r -> { };
    int before;
    int after;
    int cleanups;
    private Rule rule;

    static HookRule create() {
        return new HookRule();
    }

    HookRule from(StateTypes v) {
        from = v;
        return this;
    }

    HookRule to(StateTypes v) {
        to = v;
        return this;
    }

    HookRule onBefore(Consumer<Rule> v) {
        onBefore = v;
        return this;
    }

    HookRule onAfter(Consumer<Rule> v) {
        onAfter = v;
        return this;
    }

    HookRule onCleanup(Consumer<Rule> v) {
        onCleanup = v;
        return this;
    }

    /** Creates this rule for a transition, as a policy does. */
    <C extends OrchestrationContext> Policy.Factory<C> factory() {
        return (context, fromType, toType) -> rule = new Rule(context, fromType, toType);
    }

    /** The rule as created for one transition, outside any policy (Prefect's {@code Rule(ctx, *transition)}). */
    Rule createFor(OrchestrationContext context, StateType fromType, StateType toType) {
        rule = new Rule(context, fromType, toType);
        return rule;
    }

    boolean invalid() {
        return rule.invalid();
    }

    boolean fizzled() {
        return rule.fizzled();
    }

    int hookCalls() {
        return before + after + cleanups;
    }

    /** The rule itself; its hooks report to the enclosing {@link HookRule}. */
    final class Rule extends OrchestrationRule<OrchestrationContext> {

        Rule(OrchestrationContext context, StateType fromType, StateType toType) {
            super(from, to, context, fromType, toType);
        }

        @Override
        protected Uni<Void> beforeTransition(State initial, State proposed, OrchestrationContext ctx) {
            before++;
            onBefore.accept(this);
            return Uni.createFrom().voidItem();
        }

        @Override
        protected Uni<Void> afterTransition(State initial, State validated, OrchestrationContext ctx) {
            after++;
            onAfter.accept(this);
            return Uni.createFrom().voidItem();
        }

        @Override
        protected Uni<Void> cleanup(State initial, State validated, OrchestrationContext ctx) {
            cleanups++;
            onCleanup.accept(this);
            return Uni.createFrom().voidItem();
        }

        OrchestrationContext ctx() {
            return context;
        }

        void reject(State state, String reason) {
            rejectTransition(state, reason);
        }

        void delay(int seconds, String reason) {
            delayTransition(seconds, reason);
        }

        void abort(String reason) {
            abortTransition(reason);
        }

        void rename(String name) {
            renameState(name);
        }

        void param(String key, Object value) {
            updateContextParameters(key, value);
        }
    }
}
