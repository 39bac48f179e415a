package dev.orchestra.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A run state as Prefect returns it ({@code schemas.states.State}). {@code data} is any JSON value.
 * Immutable; orchestration rules build new states with the {@code with*} methods.
 */
public record State(
        UUID id,
        StateType type,
        String name,
        OffsetDateTime timestamp,
        String message,
        JsonNode data,
        StateDetails stateDetails) {

    public State {
        if (name == null && type != null) {
            name = type.defaultName();
        }
        if (stateDetails == null) {
            stateDetails = StateDetails.EMPTY;
        }
    }

    /** A new state of the given type with a fresh id, timestamped now. */
    public static State of(StateType type, String name, OffsetDateTime now) {
        return new State(UUID.randomUUID(), type, name, now, null, null, StateDetails.EMPTY);
    }

    @JsonIgnore
    public boolean isFinal() {
        return type.isFinal();
    }

    public State withName(String v) {
        return new State(id, type, v, timestamp, message, data, stateDetails);
    }

    public State withMessage(String v) {
        return new State(id, type, name, timestamp, v, data, stateDetails);
    }

    public State withData(JsonNode v) {
        return new State(id, type, name, timestamp, message, v, stateDetails);
    }

    public State withDetails(StateDetails v) {
        return new State(id, type, name, timestamp, message, data, v);
    }

    /**
     * This state with its result as Prefect stores it: the {@code artifact_key}, {@code artifact_type} and
     * {@code artifact_description} a client sends with a result describe an artifact and are not kept.
     */
    public State withStoredResult() {
        if (data instanceof com.fasterxml.jackson.databind.node.ObjectNode object && (object.has("artifact_key")
                || object.has("artifact_type") || object.has("artifact_description"))) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = object.deepCopy();
            copy.remove(java.util.List.of("artifact_key", "artifact_type", "artifact_description"));
            return withData(copy);
        }
        return this;
    }
}
