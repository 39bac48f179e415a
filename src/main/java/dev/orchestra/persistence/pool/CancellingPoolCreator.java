package dev.orchestra.persistence.pool;

import dev.orchestra.persistence.HistoryRepository;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * Creates the datasource's pool as Quarkus would (same options, same databases), wrapped so that requests'
 * statements are cancelled when their client goes away ({@link CancellingPool}). The statements
 * {@link HistoryRepository#PLAN_CACHED} marks are prepared once per connection, so that PostgreSQL plans them once
 * (a generic plan after five executions, as for any prepared statement, when it costs no more than the custom ones):
 * planning the history statement took about as long as running it. Other statements are not kept.
 */
@Singleton
public class CancellingPoolCreator implements PgPoolCreator {

    @Override
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setCachePreparedStatements(true)
                    .setPreparedStatementCacheSqlFilter(sql -> sql.startsWith(HistoryRepository.PLAN_CACHED));
        }
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
        return new CancellingPool((PgPool) pool);
    }
}
