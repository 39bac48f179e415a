package dev.orchestra.persistence.pool;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotice;
import io.vertx.pgclient.PgNotification;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.spi.DatabaseMetadata;

/**
 * A connection that hands every call to the connection it wraps, and returns itself where the interface returns
 * the connection: the base of the pool's lent views, which change only how they are closed or begun.
 */
abstract class DelegatingConnection implements PgConnection {

    protected final PgConnection delegate;

    DelegatingConnection(PgConnection delegate) {
        this.delegate = delegate;
    }

    @Override
    public void close(Handler<AsyncResult<Void>> handler) {
        Future<Void> closed = close();
        if (handler != null) {
            closed.onComplete(handler);
        }
    }

    @Override
    public PgConnection notificationHandler(Handler<PgNotification> handler) {
        delegate.notificationHandler(handler);
        return this;
    }

    @Override
    public PgConnection noticeHandler(Handler<PgNotice> handler) {
        delegate.noticeHandler(handler);
        return this;
    }

    @Override
    public PgConnection cancelRequest(Handler<AsyncResult<Void>> handler) {
        delegate.cancelRequest(handler);
        return this;
    }

    @Override
    public Future<Void> cancelRequest() {
        return delegate.cancelRequest();
    }

    @Override
    public int processId() {
        return delegate.processId();
    }

    @Override
    public int secretKey() {
        return delegate.secretKey();
    }

    @Override
    public PgConnection prepare(String sql, Handler<AsyncResult<PreparedStatement>> handler) {
        delegate.prepare(sql, handler);
        return this;
    }

    @Override
    public Future<PreparedStatement> prepare(String sql) {
        return delegate.prepare(sql);
    }

    @Override
    public PgConnection prepare(String sql, PrepareOptions options, Handler<AsyncResult<PreparedStatement>> handler) {
        delegate.prepare(sql, options, handler);
        return this;
    }

    @Override
    public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
        return delegate.prepare(sql, options);
    }

    @Override
    public PgConnection exceptionHandler(Handler<Throwable> handler) {
        delegate.exceptionHandler(handler);
        return this;
    }

    @Override
    public PgConnection closeHandler(Handler<Void> handler) {
        delegate.closeHandler(handler);
        return this;
    }

    @Override
    public void begin(Handler<AsyncResult<Transaction>> handler) {
        delegate.begin(handler);
    }

    @Override
    public Future<Transaction> begin() {
        return delegate.begin();
    }

    @Override
    public Transaction transaction() {
        return delegate.transaction();
    }

    @Override
    public boolean isSSL() {
        return delegate.isSSL();
    }

    @Override
    public DatabaseMetadata databaseMetadata() {
        return delegate.databaseMetadata();
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return delegate.query(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return delegate.preparedQuery(sql);
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return delegate.preparedQuery(sql, options);
    }
}
