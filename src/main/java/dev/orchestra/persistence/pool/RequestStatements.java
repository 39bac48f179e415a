package dev.orchestra.persistence.pool;

import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The database connections one HTTP request holds, so that the statements they run can be cancelled when the
 * client goes away: PostgreSQL would otherwise run them to the statement timeout for nobody (a count over
 * millions of runs that the run counts cannot answer, a set_state queued behind a row lock). Opened on the
 * request's Vert.x context before any route runs; {@link CancellingPool} registers every connection it lends on
 * that context here.
 *
 * <p>Only a connection that is still lent out when the client is gone is cancelled, so the cancel reaches this
 * request's statement and no other: the connection goes back to the pool only after the cancel was delivered
 * (see {@link TrackedConnection#close()}). PostgreSQL ignores a cancel that finds its backend idle.
 */
public final class RequestStatements {

    private static final Logger LOG = Logger.getLogger(RequestStatements.class);
    private static final Object KEY = RequestStatements.class;

    private final List<TrackedConnection> lent = new ArrayList<>(2);
    private final RolledBackSession session;
    private boolean clientGone;

    private RequestStatements(RolledBackSession session) {
        this.session = session;
    }

    /**
     * Starts tracking the request whose context is current (a duplicated context, one per request), whose
     * statements run in {@code session} (null: on connections of the pool); outside a request's context the
     * tracker is not registered, and nothing is tracked.
     */
    public static RequestStatements open(RolledBackSession session) {
        RequestStatements statements = new RequestStatements(session);
        ContextInternal context = requestContext();
        if (context != null) {
            context.localContextData().put(KEY, statements);
        }
        return statements;
    }

    /** The tracker of the request whose context is current, or null outside a request (background services). */
    static RequestStatements current() {
        ContextInternal context = requestContext();
        return context != null && context.localContextData().get(KEY) instanceof RequestStatements s ? s : null;
    }

    /** Whether the current request's statements run in a rolled-back session: nothing it writes will stay. */
    public static boolean rolledBack() {
        RequestStatements current = current();
        return current != null && current.session != null;
    }

    RolledBackSession session() {
        return session;
    }

    private static ContextInternal requestContext() {
        return Vertx.currentContext() instanceof ContextInternal context && context.isDuplicate() ? context : null;
    }

    synchronized void lent(TrackedConnection connection) {
        lent.add(connection);
    }

    synchronized void returned(TrackedConnection connection) {
        lent.remove(connection);
    }

    /**
     * The request ended. When the client had gone before the answer was written, the statements its
     * connections are running are cancelled; a transaction among them is rolled back as a whole.
     */
    public void ended(boolean clientGone) {
        List<TrackedConnection> running;
        synchronized (this) {
            if (!clientGone || this.clientGone) {
                return;
            }
            this.clientGone = true;
            running = List.copyOf(lent);
        }
        if (!running.isEmpty()) {
            LOG.debugf("Client gone before the answer: cancelling the statements of %d connection(s)", running.size());
        }
        running.forEach(TrackedConnection::cancel);
    }
}
