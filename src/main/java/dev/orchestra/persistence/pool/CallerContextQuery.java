package dev.orchestra.persistence.pool;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.future.PromiseInternal;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * A statement on a connection shared by requests ({@link RolledBackSession}): the connection answers on the
 * context it was opened on, so the answer is handed back on the context of the request that ran the statement
 * (its duplicated context, where Hibernate Reactive and the request's pipeline expect to continue).
 */
final class CallerContextQuery<T> implements PreparedQuery<T> {

    private final Query<T> statement;

    CallerContextQuery(Query<T> statement) {
        this.statement = statement;
    }

    static CallerContextQuery<RowSet<Row>> of(Query<RowSet<Row>> statement) {
        return new CallerContextQuery<>(statement);
    }

    /** {@code answer}, completed on the caller's context (as it is when there is none). */
    static <R> Future<R> onCaller(Future<R> answer) {
        if (!(Vertx.currentContext() instanceof ContextInternal caller)) {
            return answer;
        }
        PromiseInternal<R> handed = caller.promise();
        answer.onComplete(handed);
        return handed.future();
    }

    private PreparedQuery<T> prepared() {
        return (PreparedQuery<T>) statement;
    }

    @Override
    public Future<T> execute() {
        return onCaller(statement.execute());
    }

    @Override
    public void execute(Handler<AsyncResult<T>> handler) {
        execute().onComplete(handler);
    }

    @Override
    public Future<T> execute(Tuple tuple) {
        return onCaller(prepared().execute(tuple));
    }

    @Override
    public void execute(Tuple tuple, Handler<AsyncResult<T>> handler) {
        execute(tuple).onComplete(handler);
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
        return onCaller(prepared().executeBatch(batch));
    }

    @Override
    public void executeBatch(List<Tuple> batch, Handler<AsyncResult<T>> handler) {
        executeBatch(batch).onComplete(handler);
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
        return new CallerContextQuery<>(statement.collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
        return new CallerContextQuery<>(statement.mapping(mapper));
    }
}
