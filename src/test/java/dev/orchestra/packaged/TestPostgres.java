package dev.orchestra.packaged;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL for the tests that run the packaged server (in the test JVM, so the servers reach
 * it over TCP like any external database); each test takes a database of its own.
 */
public final class TestPostgres {

    /** A role that must log in with its password (every other connection is trusted). */
    public static final String PASSWORD_USER = "orchestra_pw";
    public static final String PASSWORD = "right-password";

    /** Kept: the embedded server's start-up chatter (initdb's output, at INFO) is not wanted in a test run. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.zonky");

    private static EmbeddedPostgres server;
    private static boolean passwordRole;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {
    }

    public static synchronized int port() {
        if (server == null) {
            QUIET.setLevel(java.util.logging.Level.WARNING);
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // exiting
                }
            }, "test-postgres-stop"));
        }
        return server.getPort();
    }

    /** Creates a fresh database and returns its name. */
    public static String createDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** {@code postgresql://postgres:postgres@127.0.0.1:port/database}: the single URL a server gets. */
    public static String url(String database) {
        return "postgresql://postgres:postgres@127.0.0.1:" + port() + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, "postgres",
                "postgres");
    }

    /**
     * Makes {@link #PASSWORD_USER} log in with {@link #PASSWORD} (scram-sha-256); the superuser stays trusted.
     */
    public static synchronized void requirePassword() throws SQLException, IOException {
        if (!passwordRole) {
            try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
                s.execute("SET password_encryption = 'scram-sha-256'");
                s.execute("CREATE ROLE " + PASSWORD_USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                var rs = s.executeQuery("SHOW hba_file");
                rs.next();
                Path hba = Path.of(rs.getString(1));
                Files.writeString(hba, """
                        local all all trust
                        host all postgres 127.0.0.1/32 trust
                        host all postgres ::1/128 trust
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """);
                s.execute("SELECT pg_reload_conf()");
            }
            passwordRole = true;
        }
    }
}
