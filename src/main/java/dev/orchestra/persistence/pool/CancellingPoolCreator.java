package dev.orchestra.persistence.pool;

import dev.orchestra.persistence.HistoryRepository;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates the datasource's pool as Quarkus would (same options, same databases), wrapped so that requests'
 * statements are cancelled when their client goes away ({@link CancellingPool}).
 *
 * <p>With {@code orchestra.database.prepare-history} (the default), the statements {@link HistoryRepository}
 * marks with {@link HistoryRepository#PLAN_CACHED} are prepared once per connection, so that PostgreSQL plans
 * them once (a generic plan after five executions, as for any prepared statement, when it costs no more than the
 * custom ones): planning the history statement took about as long as running it. Other statements are not kept.
 * Off for a connection pooler that cannot hold prepared statements (PgBouncer in transaction mode before 1.21).
 */
@Singleton
public class CancellingPoolCreator implements PgPoolCreator {

    private final boolean prepareHistory;

    public CancellingPoolCreator(
            @ConfigProperty(name = "orchestra.database.prepare-history", defaultValue = "true") boolean prepareHistory) {
        this.prepareHistory = prepareHistory;
    }

    @Override
    public Pool create(Input input) {
        input.pgConnectOptionsList().forEach(options -> prepareHistory(options, prepareHistory));
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
        return new CancellingPool((PgPool) pool);
    }

    /** Keeps the marked history statements prepared on each connection, or (off) no statement at all. */
    static void prepareHistory(PgConnectOptions options, boolean on) {
        options.setCachePreparedStatements(on)
                .setPreparedStatementCacheSqlFilter(sql -> on && sql.startsWith(HistoryRepository.PLAN_CACHED));
    }
}
