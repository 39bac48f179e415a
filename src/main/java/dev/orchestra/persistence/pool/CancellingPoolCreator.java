package dev.orchestra.persistence.pool;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgPool;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * Creates the datasource's pool as Quarkus would (same options, same databases), wrapped so that requests'
 * statements are cancelled when their client goes away ({@link CancellingPool}).
 */
@Singleton
public class CancellingPoolCreator implements PgPoolCreator {

    @Override
    public Pool create(Input input) {
        Pool pool = PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
        return new CancellingPool((PgPool) pool);
    }
}
