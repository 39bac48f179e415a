package dev.orchestra.orchestration;

import dev.orchestra.schemas.SetStateStatus;

/**
 * Told the outcome of every orchestrated transition (metrics, for instance). Called on the event loop once the
 * transition's rules have all run, so an implementation must be cheap and must not block.
 */
@FunctionalInterface
public interface OrchestrationObserver {

    /** Observes nothing. */
    OrchestrationObserver NONE = (policy, rule, status) -> {
    };

    /**
     * @param policy the policy that governed the transition ({@code CoreTaskPolicy}, {@code MinimalFlowPolicy}...)
     * @param rule the rule that decided a REJECT, WAIT or ABORT (simple class name), null for an ACCEPT
     * @param status the answer
     */
    void orchestrated(String policy, String rule, SetStateStatus status);
}
