package dev.orchestra.orchestration;

import io.smallrye.mutiny.Uni;

/**
 * Bookkeeping that runs on every transition after the rules (Prefect's {@code BaseUniversalTransform}):
 * its before hook sees the governed proposed state (null when nothing will be written), its after hook
 * runs unless the transition errored.
 *
 * @param <C> the context type
 */
public abstract class UniversalTransform<C extends OrchestrationContext> {

    protected Uni<Void> beforeTransition(C context) {
        return Uni.createFrom().voidItem();
    }

    protected Uni<Void> afterTransition(C context) {
        return Uni.createFrom().voidItem();
    }

    /** Whether no state will be written. */
    protected static boolean nullified(OrchestrationContext context) {
        return context.proposedState == null;
    }

    /** This transform as a step of a policy, for one transition's context. */
    public final Stage stage(C context) {
        UniversalTransform<C> transform = this;
        return new Stage() {
            @Override
            public boolean governs(dev.orchestra.schemas.StateType from, dev.orchestra.schemas.StateType to) {
                return true;
            }

            @Override
            public Uni<Void> enter() {
                return transform.enter(context);
            }

            @Override
            public Uni<Void> exit() {
                return transform.exit(context);
            }

            @Override
            public String toString() {
                return transform.getClass().getSimpleName();
            }
        };
    }

    final Uni<Void> enter(C context) {
        return beforeTransition(context).invoke(() -> context.ruleSignature.add(getClass().getSimpleName()));
    }

    final Uni<Void> exit(C context) {
        if (context.orchestrationError != null) {
            return Uni.createFrom().voidItem();
        }
        return afterTransition(context).invoke(() -> context.finalizationSignature.add(getClass().getSimpleName()));
    }
}
