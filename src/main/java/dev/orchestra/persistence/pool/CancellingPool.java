package dev.orchestra.persistence.pool;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * The request pool: Vert.x's PostgreSQL pool, lending to an HTTP request only connections its
 * {@link RequestStatements} knows of (Hibernate Reactive's sessions and the repositories' pool-level statements
 * alike), so that what they run is cancelled when the client goes away. Outside a request (background services,
 * start-up) it is the plain pool. A request of a {@link RolledBackSession} is lent the session's connection.
 */
final class CancellingPool implements PgPool {

    private final PgPool delegate;

    CancellingPool(PgPool delegate) {
        this.delegate = delegate;
    }

    @Override
    public Future<SqlConnection> getConnection() {
        return lend(RequestStatements.current());
    }

    /** A connection of the pool, never one lent to a request (even when called from a request). */
    Future<SqlConnection> unlent() {
        return delegate.getConnection();
    }

    /**
     * A connection for the request (tracked), for no request (plain) when {@code request} is null, or the
     * connection of the request's rolled-back session.
     */
    private Future<SqlConnection> lend(RequestStatements request) {
        if (request != null && request.session() != null) {
            return Future.succeededFuture(request.session().lend());
        }
        Future<SqlConnection> lent = delegate.getConnection();
        if (request == null) {
            return lent;
        }
        return lent.map(conn -> conn instanceof PgConnection pg ? new TrackedConnection(pg, request) : conn);
    }

    @Override
    public void getConnection(Handler<AsyncResult<SqlConnection>> handler) {
        getConnection().onComplete(handler);
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        RequestStatements request = RequestStatements.current();
        return request == null ? delegate.query(sql) : new LentQuery<>(() -> lend(request), conn -> conn.query(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        RequestStatements request = RequestStatements.current();
        return request == null ? delegate.preparedQuery(sql)
                : new LentQuery<>(() -> lend(request), conn -> conn.preparedQuery(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        RequestStatements request = RequestStatements.current();
        return request == null ? delegate.preparedQuery(sql, options)
                : new LentQuery<>(() -> lend(request), conn -> conn.preparedQuery(sql, options));
    }

    @Override
    public PgPool connectHandler(Handler<SqlConnection> handler) {
        delegate.connectHandler(handler);
        return this;
    }

    @Override
    public PgPool connectionProvider(Function<Context, Future<SqlConnection>> provider) {
        delegate.connectionProvider(provider);
        return this;
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public void close(Handler<AsyncResult<Void>> handler) {
        delegate.close(handler);
    }

    @Override
    public Future<Void> close() {
        return delegate.close();
    }
}
