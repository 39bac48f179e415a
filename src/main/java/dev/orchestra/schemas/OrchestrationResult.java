package dev.orchestra.schemas;

/** The body of a set_state / resume answer: the resulting state, the status and its details. */
public record OrchestrationResult(State state, SetStateStatus status, StateResponseDetails details) {
}
