package dev.orchestra.persistence.pool;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One database transaction that HTTP requests share and that is never committed: the requests marked with it
 * ({@link RequestStatements#open(RolledBackSession)}) are lent its one connection, on which a transaction begun
 * by the code is a savepoint and closing the connection leaves it with the session; {@link #rollBack()} then
 * undoes everything they wrote, which nobody else ever saw (the server's warm-up runs the Prefect client's
 * requests through every layer this way). The requests must come one at a time: they share one connection.
 */
public final class RolledBackSession {

    private final PgConnection connection;
    private final Deque<Savepoint> savepoints = new ArrayDeque<>();
    private final SqlConnection lent;
    private long named;

    private RolledBackSession(PgConnection connection) {
        this.connection = connection;
        this.lent = new Lent(connection);
    }

    /** Takes a connection of {@code pool} (never one lent to a request) and begins the session's transaction. */
    public static Future<RolledBackSession> open(Pool pool) {
        Future<SqlConnection> taken = pool instanceof CancellingPool cancelling ? cancelling.unlent()
                : pool.getConnection();
        return taken.compose(conn -> {
            if (!(conn instanceof PgConnection pg)) {
                conn.close();
                return Future.failedFuture(new IllegalStateException("not a PostgreSQL connection"));
            }
            // BEGIN as a statement, not the client's begin(): the client rolls a transaction of its own back at
            // the first failed statement, where the session only rolls back to that request's savepoint
            return pg.query("BEGIN").execute().map(r -> new RolledBackSession(pg))
                    .onFailure(e -> conn.close());
        });
    }

    /** The connection lent to the session's requests. */
    SqlConnection lend() {
        return lent;
    }

    /** Rolls back all the session wrote and gives its connection back to the pool. */
    public Future<Void> rollBack() {
        return connection.query("ROLLBACK").execute().<Void>mapEmpty()
                .eventually(() -> connection.close());
    }

    private synchronized Savepoint push() {
        Savepoint s = new Savepoint("orchestra_" + ++named);
        savepoints.push(s);
        return s;
    }

    private synchronized void pop(Savepoint s) {
        savepoints.remove(s);
    }

    private synchronized Transaction innermost() {
        return savepoints.peek();
    }

    /** The session's connection as lent: begin() sets a savepoint, close() keeps the connection open. */
    private final class Lent extends DelegatingConnection {

        Lent(PgConnection delegate) {
            super(delegate);
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }

        @Override
        public Query<RowSet<Row>> query(String sql) {
            return CallerContextQuery.of(delegate.query(sql));
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
            return CallerContextQuery.of(delegate.preparedQuery(sql));
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
            return CallerContextQuery.of(delegate.preparedQuery(sql, options));
        }

        @Override
        public Future<PreparedStatement> prepare(String sql) {
            return CallerContextQuery.onCaller(delegate.prepare(sql));
        }

        @Override
        public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
            return CallerContextQuery.onCaller(delegate.prepare(sql, options));
        }

        @Override
        public Future<Transaction> begin() {
            Savepoint s = push();
            return CallerContextQuery.onCaller(delegate.query("SAVEPOINT " + s.name).execute()
                    .<Transaction>map(r -> s).onFailure(e -> pop(s)));
        }

        @Override
        public void begin(Handler<AsyncResult<Transaction>> handler) {
            begin().onComplete(handler);
        }

        @Override
        public Transaction transaction() {
            return innermost();
        }
    }

    /** A transaction begun on the lent connection: released on commit, rolled back to on rollback. */
    private final class Savepoint implements Transaction {

        private final String name;
        private final Promise<Void> completion = Promise.promise();

        Savepoint(String name) {
            this.name = name;
        }

        private Future<Void> end(String sql) {
            pop(this);
            Future<Void> ended = connection.query(sql).execute().mapEmpty();
            ended.onComplete(completion::tryComplete, completion::tryFail);
            return CallerContextQuery.onCaller(ended);
        }

        @Override
        public Future<Void> commit() {
            return end("RELEASE SAVEPOINT " + name);
        }

        @Override
        public void commit(Handler<AsyncResult<Void>> handler) {
            commit().onComplete(handler);
        }

        @Override
        public Future<Void> rollback() {
            return end("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name);
        }

        @Override
        public void rollback(Handler<AsyncResult<Void>> handler) {
            rollback().onComplete(handler);
        }

        @Override
        public void completion(Handler<AsyncResult<Void>> handler) {
            completion().onComplete(handler);
        }

        @Override
        public Future<Void> completion() {
            return completion.future();
        }
    }
}
