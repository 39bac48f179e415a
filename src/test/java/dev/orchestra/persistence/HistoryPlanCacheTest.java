package dev.orchestra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestra.persistence.query.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * History from the run counts is prepared once per connection (the pool's statement cache keeps it, so PostgreSQL
 * can plan it once); the exact path and other statements are not kept.
 */
@QuarkusTest
class HistoryPlanCacheTest {

    @Inject
    HistoryRepository history;
    @Inject
    Pool pool;

    @Test
    void historyFromTheCountsIsPreparedOncePerConnectionAndTheExactPathIsNot() {
        OffsetDateTime end = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime start = end.minusDays(1);
        List<Long> prepared = pool.withConnection(conn -> history
                .history(conn, "flow_run", Sql.raw("TRUE"), start, end, 3600, true)
                .chain(() -> history.history(conn, "flow_run", Sql.raw("TRUE"), start.minusSeconds(7), end, 3600, true))
                .chain(() -> history.history(conn, "flow_run", Sql.raw("TRUE"), start, end, 3600, false))
                .chain(() -> conn.query("SELECT count(*) FILTER (WHERE statement LIKE '/* history from run counts */%'),"
                        + " count(*) FILTER (WHERE statement NOT LIKE '/* history from run counts */%')"
                        + " FROM pg_prepared_statements").execute())
                .map(rows -> {
                    var row = rows.iterator().next();
                    return List.of(row.getLong(0), row.getLong(1));
                }))
                .await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of(1L, 0L), prepared, "one prepared history statement (two windows, one text), nothing else");
    }
}
