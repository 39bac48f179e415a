package dev.orchestra.persistence.pool;

import dev.orchestra.persistence.HistoryRepository;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.function.Predicate;

/**
 * Creates the datasource's pool as Quarkus would (same options, same databases), wrapped so that requests'
 * statements are cancelled when their client goes away ({@link CancellingPool}).
 *
 * <p>The client keeps statements prepared on each connection ({@code quarkus.datasource.reactive.cache-prepared-
 * statements}, on by default for PostgreSQL), but only those of up to 2,048 characters: the history statement from
 * the run counts is longer, and planning it took about as long as running it. The statements
 * {@link HistoryRepository} marks with {@link HistoryRepository#PLAN_CACHED} are kept too, so PostgreSQL plans them
 * once (a generic plan after five executions when it costs no more than the custom ones). With the cache off (a
 * pooler that cannot keep prepared statements) nothing is kept.
 */
@Singleton
public class CancellingPoolCreator implements PgPoolCreator {

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(CancellingPoolCreator::keepHistoryPrepared);
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
        return new CancellingPool((PgPool) pool);
    }

    /** Adds the marked history statements to the statements the cache keeps (when it is on). */
    static void keepHistoryPrepared(PgConnectOptions options) {
        Predicate<String> kept = options.getPreparedStatementCacheSqlFilter();
        options.setPreparedStatementCacheSqlFilter(
                sql -> sql.startsWith(HistoryRepository.PLAN_CACHED) || kept != null && kept.test(sql));
    }
}
