package dev.orchestra.persistence.pool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.persistence.HistoryRepository;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

/** The pool's statement cache: the marked history statements only, or nothing (no database). */
class PrepareHistoryTest {

    private static final String HISTORY = HistoryRepository.PLAN_CACHED + "WITH p AS (SELECT 1) SELECT 1";

    @Test
    void onKeepsTheMarkedHistoryStatementsOnly() {
        PgConnectOptions options = new PgConnectOptions();
        CancellingPoolCreator.prepareHistory(options, true);
        assertTrue(options.getCachePreparedStatements());
        assertTrue(options.getPreparedStatementCacheSqlFilter().test(HISTORY));
        assertFalse(options.getPreparedStatementCacheSqlFilter().test("SELECT * FROM flow_run WHERE id = $1"));
    }

    @Test
    void offKeepsNoStatement() {
        PgConnectOptions options = new PgConnectOptions();
        CancellingPoolCreator.prepareHistory(options, false);
        assertFalse(options.getCachePreparedStatements());
        assertFalse(options.getPreparedStatementCacheSqlFilter().test(HISTORY));
    }
}
