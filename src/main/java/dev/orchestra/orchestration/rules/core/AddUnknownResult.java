package dev.orchestra.orchestration.rules.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.orchestration.OrchestrationContext;
import dev.orchestra.orchestration.OrchestrationRule;
import dev.orchestra.orchestration.StateTypes;
import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateType;
import io.smallrye.mutiny.Uni;

/**
 * A run forced from FAILED or CRASHED into COMPLETED, whose failed state pointed at a persisted result, gets
 * the "unknown" result placeholder, so retries and result reads can tell it was forced.
 */
public final class AddUnknownResult<C extends OrchestrationContext> extends OrchestrationRule<C> {

    private static final StateTypes FROM = StateTypes.of(StateType.FAILED, StateType.CRASHED);
    private static final StateTypes TO = StateTypes.of(StateType.COMPLETED);

    public AddUnknownResult(C context, StateType from, StateType to) {
        super(FROM, TO, context, from, to);
    }

    @Override
    protected Uni<Void> beforeTransition(State initial, State proposed, C ctx) {
        JsonNode data = initial == null ? null : initial.data();
        if (data != null && data.isObject() && "reference".equals(data.path("type").asText(null))) {
            ctx.replaceProposedState(proposed.withData(unknownResult()));
        }
        return Uni.createFrom().voidItem();
    }

    /** The client's {@code UnknownResult} as it serialises. */
    static ObjectNode unknownResult() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", "unknown");
        node.putNull("artifact_type");
        node.putNull("artifact_description");
        node.put("value", (String) null);
        return node;
    }
}
