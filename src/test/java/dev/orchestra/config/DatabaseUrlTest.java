package dev.orchestra.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.config.DatabaseUrl.InvalidDatabaseUrlException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The single database URL and what is derived from it (no Quarkus start). */
class DatabaseUrlTest {

    @Test
    void prefectAsyncpgUrlGivesBothUrlsAndTheCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql+asyncpg://prefect:s3cret@db.example:6543/prefect", null);
        assertEquals("postgresql://db.example:6543/prefect", url.reactiveUrl());
        assertEquals("jdbc:postgresql://db.example:6543/prefect", url.jdbcUrl());
        assertEquals("prefect", url.user());
        assertEquals("s3cret", url.password());
    }

    @Test
    void percentEncodedCredentialsAreDecodedAndThePortDefaults() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://us%40er:p%40ss%3Aw%2Bo+rd@db/my%20db", null);
        assertEquals("us@er", url.user());
        assertEquals("p@ss:w+o+rd", url.password());
        assertEquals(5432, url.port());
        assertEquals("my db", url.database());
        assertEquals("jdbc:postgresql://db:5432/my%20db", url.jdbcUrl());
    }

    @Test
    void ipv6HostsAndQuarkusUrlsAreRead() {
        assertEquals("postgresql://[::1]:5433/x", DatabaseUrl.parse("postgresql://[::1]:5433/x", null).reactiveUrl());
        DatabaseUrl jdbc = DatabaseUrl.parse("jdbc:postgresql://h:1/d?user=u&password=p", null);
        assertEquals("u", jdbc.user());
        assertEquals("p", jdbc.password());
        assertEquals("postgresql://h:1/d", jdbc.reactiveUrl());
    }

    @ParameterizedTest
    @CsvSource({ "ssl=require,require", "ssl=true,require", "ssl=false,disable", "sslmode=verify-full,verify-full",
            "ssl=prefer&prepared_statement_cache_size=0&command_timeout=30,prefer" })
    void sslSettingsReachBothUrls(String query, String mode) {
        DatabaseUrl url = DatabaseUrl.parse("postgresql+asyncpg://u:p@h:5432/d?" + query, null);
        assertEquals("postgresql://h:5432/d?sslmode=" + mode, url.reactiveUrl());
        assertEquals("jdbc:postgresql://h:5432/d?sslmode=" + mode, url.jdbcUrl());
    }

    @Test
    void timeoutsAndApplicationNameAreKept() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://h/d?timeout=2.5&application_name=orchestra%20a", null);
        assertEquals("jdbc:postgresql://h:5432/d?ApplicationName=orchestra%20a&connectTimeout=3", url.jdbcUrl());
        assertEquals("postgresql://h:5432/d?application_name=orchestra%20a", url.reactiveUrl());
    }

    @Test
    void prefectsPasswordTemplateIsFilledIn() {
        String template = "postgresql+asyncpg://postgres:${PREFECT_API_DATABASE_PASSWORD}@localhost/prefect";
        assertEquals("a/b@c", DatabaseUrl.parse(template, "a/b@c").password());
        InvalidDatabaseUrlException e = assertThrows(InvalidDatabaseUrlException.class,
                () -> DatabaseUrl.parse(template, null));
        assertTrue(e.getMessage().contains("PREFECT_API_DATABASE_PASSWORD is not set"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sqlite+aiosqlite:///prefect.db|is not PostgreSQL",
            "mysql://u:p@h/d|is not PostgreSQL",
            "db.example:5432/prefect|is not a URL",
            "postgresql://u:p@h:5432|names no database",
            "postgresql://u:p@h:5432/|names no database",
            "postgresql:///prefect|names no host",
            "postgresql://u:p@h1,h2/d|several hosts",
            "postgresql://u:p@h:99999/d|is not a number from 1 to 65535",
            "postgresql://u:p@h/d?ssl=maybe|is not one of",
            "postgresql://u:p@h/d?search_path=x|parameter search_path is not supported",
            "postgresql://u:p@h/d?timeout=soon|is not a number of seconds" })
    void unusableUrlsAreRefusedWithAReasonAndWithoutThePassword(String text, String reason) {
        InvalidDatabaseUrlException e = assertThrows(InvalidDatabaseUrlException.class,
                () -> DatabaseUrl.parse(text, null));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains(":p@"), e.getMessage());
    }

    @Test
    void textFormsNeverShowThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u:hunter2@h/d", null);
        assertEquals("u@h:5432/d", url.toString());
        assertFalse(url.jdbcUrl().contains("hunter2"));
        assertFalse(url.reactiveUrl().contains("hunter2"));
    }

    @Test
    void aSingleUrlYieldsEverythingTheDatasourceNeeds() {
        Map<String, String> derived = DatabaseUrlConfigSourceFactory.derive(
                Map.of("prefect.api.database.connection.url", "postgresql+asyncpg://u:p@h:5432/d?ssl=require")::get);
        assertEquals(Map.of("quarkus.datasource.reactive.url", "postgresql://h:5432/d?sslmode=require",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://h:5432/d?sslmode=require",
                "quarkus.datasource.username", "u", "quarkus.datasource.password", "p",
                "orchestra.database.origin", "PREFECT_API_DATABASE_CONNECTION_URL"), derived);
    }

    @Test
    void orchestrasSettingWinsOverPrefectsAndAnUnusableOneIsLeftAsAProblem() {
        Map<String, String> both = DatabaseUrlConfigSourceFactory.derive(Map.of(
                "orchestra.database.url", "postgresql://a/one", "prefect.api.database.connection.url",
                "postgresql://b/two")::get);
        assertEquals("jdbc:postgresql://a:5432/one", both.get("quarkus.datasource.jdbc.url"));

        Map<String, String> bad = DatabaseUrlConfigSourceFactory.derive(
                Map.of("orchestra.database.url", "sqlite:///x.db")::get);
        assertNull(bad.get("quarkus.datasource.jdbc.url"));
        assertTrue(bad.get("orchestra.database.problem").startsWith("ORCHESTRA_DATABASE_URL cannot be used: its"
                + " scheme 'sqlite' is not PostgreSQL"), bad.get("orchestra.database.problem"));
    }

    @Test
    void oneQuarkusUrlIsCompletedFromTheOtherAndTwoAreLeftAlone() {
        Map<String, String> reactiveOnly = DatabaseUrlConfigSourceFactory.derive(
                Map.of("quarkus.datasource.reactive.url", "postgresql://h:5432/d")::get);
        assertEquals("jdbc:postgresql://h:5432/d", reactiveOnly.get("quarkus.datasource.jdbc.url"));
        assertFalse(reactiveOnly.containsKey("quarkus.datasource.reactive.url"));

        Map<String, String> jdbcOnly = DatabaseUrlConfigSourceFactory.derive(
                Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://h:5432/d")::get);
        assertEquals("postgresql://h:5432/d", jdbcOnly.get("quarkus.datasource.reactive.url"));

        assertEquals(Map.of(), DatabaseUrlConfigSourceFactory.derive(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://h/d", "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://h/d", "orchestra.database.url", "postgresql://other/x")::get));
        assertEquals(Map.of(), DatabaseUrlConfigSourceFactory.derive(Map.<String, String>of()::get));
    }

    @Test
    void theStandardQuarkusSettingsWinKeyByKey() {
        Map<String, String> environment = new HashMap<>();
        environment.put("ORCHESTRA_DATABASE_URL", "postgresql://url-user:url-pass@h:5432/d");
        environment.put("QUARKUS_DATASOURCE_USERNAME", "env-user");
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://elsewhere:5432/d");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new io.smallrye.config.EnvConfigSource(environment, 300) {
                })
                .withSources(new PropertiesConfigSource(Map.of(), "application.properties", 250))
                .withSources(new DatabaseUrlConfigSourceFactory())
                .build();
        assertEquals("env-user", config.getRawValue("quarkus.datasource.username"));
        assertEquals("url-pass", config.getRawValue("quarkus.datasource.password"));
        assertEquals("jdbc:postgresql://elsewhere:5432/d", config.getRawValue("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql://h:5432/d", config.getRawValue("quarkus.datasource.reactive.url"));
    }
}
