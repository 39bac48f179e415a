package dev.orchestra.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestra.persistence.query.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * History from the run counts is prepared once per connection (the pool's statement cache keeps it although it is
 * longer than the statements the cache keeps by default, so PostgreSQL can plan it once).
 */
@QuarkusTest
class HistoryPlanCacheTest {

    @Inject
    HistoryRepository history;
    @Inject
    Pool pool;

    @Test
    void historyFromTheCountsIsPreparedOncePerConnection() {
        OffsetDateTime end = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime start = end.minusDays(1);
        // a condition no other test uses, so that its statement text is new on whichever connection this gets
        Sql where = Sql.raw("flow_run.state_name IS DISTINCT FROM 'plan cache test'");
        List<Long> prepared = pool.withConnection(conn -> prepared(conn)
                .chain(before -> history.history(conn, "flow_run", where, start, end, 3600, true)
                        .chain(() -> prepared(conn))
                        .chain(once -> history.history(conn, "flow_run", where, start.minusSeconds(7), end, 3600, true)
                                .chain(() -> prepared(conn))
                                .map(after -> List.of(once - before, after - before)))))
                .await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of(1L, 1L), prepared, "prepared once (two windows, one text)");
    }

    /** The connection's prepared history statements. */
    private static Uni<Long> prepared(SqlConnection conn) {
        return conn.query("SELECT count(*) FROM pg_prepared_statements"
                + " WHERE statement LIKE '/* history from run counts */%'").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
