package dev.orchestra.persistence;

import dev.orchestra.persistence.query.Sql;
import dev.orchestra.persistence.query.SqlQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Read-only filter queries (built by {@code persistence.query}) run straight on the reactive PostgreSQL
 * pool: one statement, no transaction, rows mapped by {@link Rows}. Writes and orchestration go through
 * the Hibernate Reactive session instead.
 */
@ApplicationScoped
public class NativeQueries {

    private final Pool pool;

    public NativeQueries(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<List<T>> list(Sql sql, Function<Row, T> mapper) {
        return list(pool, sql, mapper);
    }

    /** As {@link #list(Sql, Function)}, on the given client (a connection inside a transaction, or the pool). */
    public <T> Uni<List<T>> list(SqlClient client, Sql sql, Function<Row, T> mapper) {
        SqlQuery q = sql.render();
        return client.preparedQuery(q.sql()).execute(Tuple.from(q.params())).map(rows -> {
            List<T> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(mapper.apply(row));
            }
            return out;
        });
    }

    public Uni<Long> count(Sql sql) {
        return count(pool, sql);
    }

    public Uni<Long> count(SqlClient client, Sql sql) {
        SqlQuery q = sql.render();
        return client.preparedQuery(q.sql()).execute(Tuple.from(q.params()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** True when a statement reaches the database; false (never a failure) when it does not. */
    public Uni<Boolean> databaseReachable() {
        return pool.query("SELECT 1").execute().map(rows -> true).onFailure().recoverWithItem(false);
    }
}
