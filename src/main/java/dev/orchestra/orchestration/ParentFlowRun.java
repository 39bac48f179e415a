package dev.orchestra.orchestration;

import dev.orchestra.schemas.State;
import java.util.UUID;

/** What task-run rules read of the task's flow run: its id, run count and current state (may be null). */
public record ParentFlowRun(UUID id, int runCount, State state) {
}
