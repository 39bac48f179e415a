package dev.orchestra.service.background;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Which background services this instance runs when several instances share the database: a service runs where its
 * PostgreSQL advisory lock is held. The locks are session locks taken on one connection of the pool, kept out of it
 * for the purpose; they last as long as that connection's backend, so when an instance dies or loses its connection,
 * the database frees its locks and another instance takes them at its next {@link #check} (every few seconds).
 *
 * <p>{@link #check} is the only method that touches the connection, and calls must not overlap (the caller's timer
 * waits for the previous one).
 */
public class ServiceLeadership {

    private static final Logger LOG = Logger.getLogger(ServiceLeadership.class);

    /** The first key of every lock of this server ("ORCH"); the second is the service's. */
    static final int LOCK_CLASS = 0x4F524348;

    private final Pool pool;
    private final String instance;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private SqlConnection connection;

    public ServiceLeadership(Pool pool, String instance) {
        this.pool = pool;
        this.instance = instance;
    }

    /** The second key of a service's lock. */
    static int lockKey(String service) {
        return service.hashCode();
    }

    public boolean holds(String service) {
        return held.contains(service);
    }

    /**
     * Checks that the held locks are still held (the connection is alive) and tries to take the locks of the wanted
     * services nobody holds; answers the services this call took. A lost connection loses every lock.
     */
    public Uni<List<String>> check(Collection<String> wanted) {
        List<String> missing = wanted.stream().filter(s -> !held.contains(s)).toList();
        return connection().chain(conn -> {
            if (missing.isEmpty()) {
                return conn.query("SELECT 1").execute().replaceWith(List.<String>of());
            }
            Integer[] keys = missing.stream().map(ServiceLeadership::lockKey).toArray(Integer[]::new);
            return conn.preparedQuery("SELECT k, pg_try_advisory_lock($1, k) AS taken FROM unnest($2::int4[]) AS k")
                    .execute(Tuple.of(LOCK_CLASS, keys)).map(rows -> {
                        List<String> taken = new ArrayList<>();
                        for (Row row : rows) {
                            if (Boolean.TRUE.equals(row.getBoolean("taken"))) {
                                int key = row.getInteger("k");
                                missing.stream().filter(s -> lockKey(s) == key).forEach(taken::add);
                            }
                        }
                        held.addAll(taken);
                        if (!taken.isEmpty()) {
                            LOG.infof("Instance %s now runs %s", instance, taken);
                        }
                        return taken;
                    });
        }).onFailure().recoverWithUni(e -> {
            if (!held.isEmpty()) {
                LOG.warnf("Instance %s lost its service locks (%s): %s", instance, held, e.getMessage());
            }
            return drop().replaceWith(List.of());
        });
    }

    /** The database backend holding the locks (tests end it to play a dying instance); null before the first check. */
    public Uni<Integer> backendPid() {
        if (connection == null) {
            return Uni.createFrom().nullItem();
        }
        return connection.query("SELECT pg_backend_pid()").execute().map(rows -> rows.iterator().next().getInteger(0));
    }

    /** Gives up every lock (the connection is closed). */
    public Uni<Void> release() {
        return drop();
    }

    private Uni<SqlConnection> connection() {
        if (connection != null) {
            return Uni.createFrom().item(connection);
        }
        return pool.getConnection().invoke(c -> {
            connection = c;
            held.clear();
            // a connection the database ends (its backend terminated) loses the locks at once
            c.closeHandler(() -> {
                if (connection == c) {
                    connection = null;
                    held.clear();
                }
            });
        });
    }

    /**
     * Gives the connection back without its locks: it comes from the shared pool, where a lock left on it would stay
     * held by whichever request used it next. A connection that is already dead has lost its locks with its backend.
     */
    private Uni<Void> drop() {
        held.clear();
        SqlConnection c = connection;
        connection = null;
        if (c == null) {
            return Uni.createFrom().voidItem();
        }
        return c.query("SELECT pg_advisory_unlock_all()").execute().replaceWithVoid()
                .onFailure().recoverWithNull()
                .chain(() -> c.close().onFailure().recoverWithNull().replaceWithVoid());
    }
}
