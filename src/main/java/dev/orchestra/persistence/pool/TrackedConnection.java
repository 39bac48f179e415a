package dev.orchestra.persistence.pool;

import io.vertx.core.Future;
import io.vertx.pgclient.PgConnection;

/**
 * A pooled connection lent to one request: it is registered with the request's {@link RequestStatements} while
 * lent, and on the way back to the pool it waits for a cancel in flight, so the cancel cannot reach the next
 * borrower's statement.
 */
final class TrackedConnection extends DelegatingConnection {

    private final RequestStatements request;
    private Future<Void> cancelling;

    TrackedConnection(PgConnection delegate, RequestStatements request) {
        super(delegate);
        this.request = request;
        request.lent(this);
    }

    /** Asks PostgreSQL, on a connection of its own, to cancel what this connection's backend is running. */
    synchronized void cancel() {
        if (cancelling == null) {
            cancelling = delegate.cancelRequest().recover(e -> Future.succeededFuture());
        }
    }

    private synchronized Future<Void> cancelled() {
        return cancelling == null ? Future.succeededFuture() : cancelling;
    }

    @Override
    public Future<Void> close() {
        request.returned(this);
        return cancelled().compose(v -> delegate.close());
    }
}
