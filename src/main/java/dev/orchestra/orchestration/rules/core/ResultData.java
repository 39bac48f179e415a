package dev.orchestra.orchestration.rules.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestra.schemas.State;

/** How rules read a state's result. */
final class ResultData {

    private ResultData() {
    }

    /** Whether the state carries a result other than an unpersisted one. */
    static boolean isPersisted(State state) {
        JsonNode data = state.data();
        if (data == null || data.isNull() || data.isObject() && data.isEmpty()) {
            return false;
        }
        return !"unpersisted".equals(data.path("type").asText(null));
    }
}
