package dev.orchestra.orchestration;

import io.smallrye.mutiny.Uni;
import java.util.function.Consumer;

/** A bookkeeping transform for engine tests: counts its hook calls and runs an optional action before. */
final class HookTransform extends UniversalTransform<OrchestrationContext> {

    int before;
    int after;
    Consumer<OrchestrationContext> onBefore = c -> { };

    @Override
    protected Uni<Void> beforeTransition(OrchestrationContext context) {
        before++;
        onBefore.accept(context);
        return Uni.createFrom().voidItem();
    }

    @Override
    protected Uni<Void> afterTransition(OrchestrationContext context) {
        after++;
        return Uni.createFrom().voidItem();
    }

    <C extends OrchestrationContext> Policy.Factory<C> factory() {
        return Policy.transform(() -> this);
    }
}
