package dev.orchestra.service;

import dev.orchestra.config.OrchestraClock;
import dev.orchestra.errors.Conflict;
import dev.orchestra.errors.NotFound;
import dev.orchestra.persistence.FlowRunInputRepository;
import dev.orchestra.schemas.FlowRunInput;
import dev.orchestra.schemas.ValidationException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Flow run inputs: keyed values sent to a run (e.g. the answer to a pause that asked for input). */
@ApplicationScoped
public class FlowRunInputService {

    private static final Pattern KEY = Pattern.compile("[a-z0-9-]*");
    private static final String NOT_FOUND = "Flow run input not found";

    private final FlowRunInputRepository inputs;
    private final OrchestraClock clock;

    public FlowRunInputService(FlowRunInputRepository inputs, OrchestraClock clock) {
        this.inputs = inputs;
        this.clock = clock;
    }

    /** 409 when the key is taken, 404 when the flow run does not exist. */
    public Uni<Void> create(UUID flowRunId, String key, String value, String sender) {
        if (!KEY.matcher(key).matches()) {
            throw ValidationException.of(List.of("body", "key"),
                    "value must only contain lowercase letters, numbers, and dashes.", "value_error");
        }
        return inputs.insert(flowRunId, key, value, sender, clock.now())
                .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                        ? new Conflict("A flow run input with this key already exists.")
                        : "23503".equals(((PgException) e).getSqlState())
                                ? new NotFound("Flow run not found") : e);
    }

    public Uni<String> read(UUID flowRunId, String key) {
        return inputs.read(flowRunId, key).onItem().ifNull().failWith(() -> new NotFound(NOT_FOUND))
                .map(e -> e.value);
    }

    public Uni<List<FlowRunInput>> filter(UUID flowRunId, String prefix, int limit, List<String> excludeKeys) {
        return inputs.filter(flowRunId, prefix, limit, excludeKeys).map(list -> list.stream()
                .map(e -> new FlowRunInput(e.id, e.created, e.updated, e.flowRunId, e.key, e.value, e.sender))
                .toList());
    }

    public Uni<Void> delete(UUID flowRunId, String key) {
        return inputs.delete(flowRunId, key).chain(found -> found ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new NotFound(NOT_FOUND)));
    }
}
