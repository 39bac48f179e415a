package dev.orchestra.orchestration.rules.core;

import dev.orchestra.schemas.State;
import dev.orchestra.schemas.StateDetails;
import dev.orchestra.schemas.StateType;
import java.time.OffsetDateTime;

/** Prefect's {@code AwaitingRetry} state: SCHEDULED at the retry time, keeping the failure's message and result. */
final class AwaitingRetry {

    private AwaitingRetry() {
    }

    static State state(OffsetDateTime scheduledTime, State failed, OffsetDateTime now) {
        return state(scheduledTime, now).withMessage(failed.message()).withData(failed.data());
    }

    static State state(OffsetDateTime scheduledTime, OffsetDateTime now) {
        return State.of(StateType.SCHEDULED, "AwaitingRetry", now)
                .withDetails(StateDetails.EMPTY.withScheduledTime(scheduledTime));
    }
}
