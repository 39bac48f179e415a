package dev.orchestra.orchestration;

import dev.orchestra.schemas.StateType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Steps in priority order: rules (created per transition by a constructor reference such as
 * {@code RetryFailedFlows::new}) and bookkeeping transforms. A step takes part only if it governs the
 * intended transition.
 *
 * @param <C> the context type
 */
public record Policy<C extends OrchestrationContext>(String name, List<Factory<C>> steps) {

    /** Creates a step for one transition. */
    @FunctionalInterface
    public interface Factory<C extends OrchestrationContext> {
        Stage create(C context, StateType from, StateType to);
    }

    @SafeVarargs
    public static <C extends OrchestrationContext> Policy<C> of(String name, Factory<C>... steps) {
        return new Policy<>(name, List.of(steps));
    }

    /** A bookkeeping transform as a policy step. */
    public static <C extends OrchestrationContext> Factory<C> transform(
            Supplier<? extends UniversalTransform<? super C>> transform) {
        return (context, from, to) -> stage(transform.get(), context);
    }

    private static <C extends OrchestrationContext, T extends OrchestrationContext> Stage stage(
            UniversalTransform<T> transform, C context) {
        @SuppressWarnings("unchecked")
        T typed = (T) context;
        return transform.stage(typed);
    }

    /** The steps of this policy that govern the transition, created for it, in priority order. */
    public List<Stage> compile(C context, StateType from, StateType to) {
        List<Stage> out = new ArrayList<>();
        for (Factory<C> factory : steps) {
            Stage stage = factory.create(context, from, to);
            if (stage.governs(from, to)) {
                out.add(stage);
            }
        }
        return out;
    }
}
