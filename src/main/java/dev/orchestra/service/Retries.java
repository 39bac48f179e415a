package dev.orchestra.service;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;

/**
 * A transaction PostgreSQL aborted because it collided with another of this server's transactions (a deadlock,
 * a serialization failure) is run again here, from the start: such a collision is never the client's problem.
 */
final class Retries {

    /** Attempts after the first; each collision lets one of the colliding transactions through. */
    static final int RETRIES = 5;

    private Retries() {
    }

    /** {@code transaction} (a lazy {@code Pool.withTransaction}), run again while it collides with another. */
    static <T> Uni<T> onCollision(Uni<T> transaction) {
        return transaction.onFailure(Retries::collision).retry().atMost(RETRIES);
    }

    /** SQLSTATE 40P01 (deadlock detected) or 40001 (serialization failure), wherever it sits in the causes. */
    static boolean collision(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return "40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState());
            }
        }
        return false;
    }
}
