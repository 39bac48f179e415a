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
        // a condition no other test uses, so that its statement text is new on whichever connection this gets
        Sql where = Sql.raw("flow_run.state_name IS DISTINCT FROM 'plan cache test'");
        List<Long> prepared = pool.withConnection(conn -> prepared(conn)
                .chain(before -> history.history(conn, "flow_run", where, start, end, 3600, true)
                        .chain(() -> prepared(conn))
                        .chain(once -> history.history(conn, "flow_run", where, start.minusSeconds(7), end, 3600, true)
                                .chain(() -> history.history(conn, "flow_run", where, start, end, 3600, false))
                                .chain(() -> prepared(conn))
                                .map(after -> List.of(once.get(0) - before.get(0), after.get(0) - before.get(0),
                                        after.get(1))))))
                .await().atMost(Duration.ofSeconds(30));
        assertEquals(List.of(1L, 1L, 0L), prepared,
                "prepared once (two windows, one text), the exact path and other statements not at all");
    }

    /** The connection's prepared history statements, and its other prepared statements. */
    private static Uni<List<Long>> prepared(SqlConnection conn) {
        return conn.query("SELECT count(*) FILTER (WHERE statement LIKE '/* history from run counts */%'),"
                + " count(*) FILTER (WHERE statement NOT LIKE '/* history from run counts */%')"
                + " FROM pg_prepared_statements").execute()
                .map(rows -> {
                    var row = rows.iterator().next();
                    return List.of(row.getLong(0), row.getLong(1));
                });
    }
}
