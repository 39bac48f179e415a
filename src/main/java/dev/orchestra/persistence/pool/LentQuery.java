package dev.orchestra.persistence.pool;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collector;

/**
 * A statement run on the pool by a request: it borrows a tracked connection for the one statement (what the pool
 * does itself for a pool-level query), so the statement can be cancelled if the client goes away.
 */
class LentQuery<T> implements PreparedQuery<T> {

    private final Supplier<Future<SqlConnection>> borrow;
    private final Function<SqlConnection, Query<T>> statement;

    LentQuery(Supplier<Future<SqlConnection>> borrow, Function<SqlConnection, Query<T>> statement) {
        this.borrow = borrow;
        this.statement = statement;
    }

    private <R> Future<R> run(Function<Query<T>, Future<R>> execute) {
        return borrow.get().compose(conn -> execute.apply(statement.apply(conn)).eventually(v -> conn.close()));
    }

    private static <R> void reply(Future<R> result, Handler<AsyncResult<R>> handler) {
        if (handler != null) {
            result.onComplete(handler);
        }
    }

    @Override
    public Future<T> execute() {
        return run(Query::execute);
    }

    @Override
    public void execute(Handler<AsyncResult<T>> handler) {
        reply(execute(), handler);
    }

    @Override
    public Future<T> execute(Tuple tuple) {
        return run(q -> ((PreparedQuery<T>) q).execute(tuple));
    }

    @Override
    public void execute(Tuple tuple, Handler<AsyncResult<T>> handler) {
        reply(execute(tuple), handler);
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
        return run(q -> ((PreparedQuery<T>) q).executeBatch(batch));
    }

    @Override
    public void executeBatch(List<Tuple> batch, Handler<AsyncResult<T>> handler) {
        reply(executeBatch(batch), handler);
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
        return new LentQuery<>(borrow, conn -> statement.apply(conn).collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
        return new LentQuery<>(borrow, conn -> statement.apply(conn).mapping(mapper));
    }
}
