package dev.orchestra.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * The database side of the tag slot queues (table {@code concurrency_slot_waiter}, migration V40) and of their
 * wake-ups: the channel that every release of a slot is notified on, by the trigger on {@code concurrency_limit}.
 */
public final class SlotQueues {

    /** The channel the database notifies, with the tag as payload, when a tag limit frees a slot. */
    public static final String RELEASE_CHANNEL = "orchestra_concurrency_slot_released";

    private SlotQueues() {
    }

    /**
     * The task run leaves every queue it is in; with {@code wake}, the tags it left are notified on the release
     * channel at commit, so the waiters behind it look again.
     */
    public static Uni<Void> leave(SqlClient conn, UUID taskRunId, boolean wake) {
        if (!wake) {
            return conn.preparedQuery("DELETE FROM concurrency_slot_waiter WHERE task_run_id = $1")
                    .execute(Tuple.of(taskRunId)).replaceWithVoid();
        }
        return conn.preparedQuery("WITH gone AS (DELETE FROM concurrency_slot_waiter WHERE task_run_id = $1"
                + " RETURNING tag) SELECT pg_notify('" + RELEASE_CHANNEL + "', tag) FROM (SELECT DISTINCT tag"
                + " FROM gone) t")
                .execute(Tuple.of(taskRunId)).replaceWithVoid();
    }
}
