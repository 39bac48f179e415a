package dev.orchestra.persistence.pool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.persistence.HistoryRepository;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

/** The pool's statement cache keeps what it kept, and the marked history statements (no database). */
class PrepareHistoryTest {

    @Test
    void theMarkedHistoryStatementsAreKeptBesideTheShortOnes() {
        PgConnectOptions options = new PgConnectOptions().setCachePreparedStatements(true);
        CancellingPoolCreator.keepHistoryPrepared(options);
        String longer = "SELECT 1" + " ".repeat(4096);
        assertTrue(options.getCachePreparedStatements(), "the cache stays as configured");
        assertTrue(options.getPreparedStatementCacheSqlFilter().test(HistoryRepository.PLAN_CACHED + longer));
        assertTrue(options.getPreparedStatementCacheSqlFilter().test("SELECT * FROM flow_run WHERE id = $1"),
                "short statements are kept as before");
        assertFalse(options.getPreparedStatementCacheSqlFilter().test(longer), "other long ones are not");
    }

    @Test
    void aCacheSwitchedOffStaysOff() {
        PgConnectOptions options = new PgConnectOptions().setCachePreparedStatements(false);
        CancellingPoolCreator.keepHistoryPrepared(options);
        assertFalse(options.getCachePreparedStatements());
    }
}
