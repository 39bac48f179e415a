package dev.orchestra.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each database mistake an operator can make stops the packaged server quickly, with a non-zero exit code and
 * one paragraph that names the setting, shows the value tried without its password and says what to do: no
 * stack trace. The limit of 30 s is for a loaded 2-core machine (the JVM start is most of it); the time each
 * case took is printed.
 */
class StartupErrorsIT {

    /** Runs the server with {@code env} and returns its log without Quarkus's 4-line banner. */
    private static String failedStart(String name, Map<String, String> env) throws InterruptedException {
        try (PackagedServer server = PackagedServer.start(env)) {
            int exit = server.awaitExit(Duration.ofSeconds(90));
            double seconds = server.elapsedSeconds();
            String output = server.output();
            System.out.printf("start-up error '%s': exit %d after %.1f s%n", name, exit, seconds);
            assertEquals(1, exit, output);
            assertTrue(seconds < 30, "took " + seconds + " s:\n" + output);
            List<String> lines = output.lines().filter(l -> !l.isBlank())
                    .filter(l -> !l.startsWith("__") && !l.startsWith(" -") && !l.startsWith("--")).toList();
            assertEquals(1, lines.size(), "one paragraph, nothing else:\n" + output);
            assertFalse(output.contains("\tat ") || output.contains("Caused by"), output);
            assertTrue(lines.get(0).contains("ERROR") && lines.get(0).contains("Orchestra cannot start: "), output);
            return lines.get(0);
        }
    }

    @Test
    void noDatabaseConfigured() throws Exception {
        String paragraph = failedStart("no database", Map.of());
        assertTrue(paragraph.contains("no database is configured. Set ORCHESTRA_DATABASE_URL=postgresql://USER:"
                + "PASSWORD@HOST:5432/DATABASE (Prefect's PREFECT_API_DATABASE_CONNECTION_URL is read too"), paragraph);
    }

    @Test
    void anUnusableUrl() throws Exception {
        String paragraph = failedStart("sqlite URL", Map.of("PREFECT_API_DATABASE_CONNECTION_URL",
                "sqlite+aiosqlite:////root/.prefect/prefect.db"));
        assertTrue(paragraph.contains("PREFECT_API_DATABASE_CONNECTION_URL cannot be used: its scheme"
                + " 'sqlite+aiosqlite' is not PostgreSQL"), paragraph);
        String noDatabase = failedStart("URL without a database", Map.of("ORCHESTRA_DATABASE_URL",
                "postgresql://prefect:topsecret@db:5432"));
        assertTrue(noDatabase.contains("ORCHESTRA_DATABASE_URL cannot be used: it names no database"), noDatabase);
        assertFalse(noDatabase.contains("topsecret"), noDatabase);
    }

    @Test
    void anUnreachableHost() throws Exception {
        String paragraph = failedStart("nothing listens on the port", Map.of("ORCHESTRA_DATABASE_URL",
                "postgresql://prefect:topsecret@127.0.0.1:1/prefect"));
        assertTrue(paragraph.contains("the database server 127.0.0.1:1 cannot be reached (Connection refused)."
                + " The address comes from ORCHESTRA_DATABASE_URL (jdbc:postgresql://127.0.0.1:1/prefect)."), paragraph);
        assertFalse(paragraph.contains("topsecret"), paragraph);
    }

    @Test
    void wrongCredentials() throws Exception {
        TestPostgres.requirePassword();
        String url = "postgresql+asyncpg://" + TestPostgres.PASSWORD_USER + ":wrong-password@127.0.0.1:"
                + TestPostgres.port() + "/postgres";
        String paragraph = failedStart("wrong password", Map.of("PREFECT_API_DATABASE_CONNECTION_URL", url));
        assertTrue(paragraph.contains("the database server 127.0.0.1:" + TestPostgres.port() + " refused user '"
                + TestPostgres.PASSWORD_USER + "' (FATAL: password authentication failed for user"), paragraph);
        assertTrue(paragraph.contains("The user comes from PREFECT_API_DATABASE_CONNECTION_URL, the password from"
                + " PREFECT_API_DATABASE_CONNECTION_URL."), paragraph);
        assertFalse(paragraph.contains("wrong-password"), paragraph);

        String envPassword = failedStart("wrong password from QUARKUS_DATASOURCE_PASSWORD", Map.of(
                "ORCHESTRA_DATABASE_URL", "postgresql://" + TestPostgres.PASSWORD_USER + "@127.0.0.1:"
                        + TestPostgres.port() + "/postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "also-wrong"));
        assertTrue(envPassword.contains("the password from QUARKUS_DATASOURCE_PASSWORD"), envPassword);
        assertFalse(envPassword.contains("also-wrong"), envPassword);
    }

    @Test
    void aMissingDatabase() throws Exception {
        String url = "postgresql://postgres:postgres@127.0.0.1:" + TestPostgres.port() + "/no_such_database";
        String paragraph = failedStart("missing database", Map.of("ORCHESTRA_DATABASE_URL", url));
        assertTrue(paragraph.contains("the database 'no_such_database' does not exist on 127.0.0.1:"
                + TestPostgres.port() + " (FATAL: database \"no_such_database\" does not exist). Create it (CREATE"
                + " DATABASE no_such_database OWNER postgres;) or correct the database name in ORCHESTRA_DATABASE_URL"),
                paragraph);
    }
}
