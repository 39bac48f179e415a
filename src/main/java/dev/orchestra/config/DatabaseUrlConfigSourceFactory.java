package dev.orchestra.config;

import dev.orchestra.config.DatabaseUrl.InvalidDatabaseUrlException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * One database setting: derives the reactive URL, the JDBC URL and the credentials from a single URL,
 * {@code ORCHESTRA_DATABASE_URL} or Prefect's own {@code PREFECT_API_DATABASE_CONNECTION_URL} (so an existing
 * Prefect deployment's Secret works as it is), or from whichever one of the two Quarkus URLs is set.
 *
 * <p>Its values sit below environment variables and system properties, so the standard Quarkus settings
 * ({@code QUARKUS_DATASOURCE_REACTIVE_URL}, {@code ..._JDBC_URL}, {@code ..._USERNAME}, {@code ..._PASSWORD})
 * win, key by key, when set. A URL that cannot be used is not thrown here (this also runs during the build):
 * it is left in {@value #PROBLEM} for {@link StartupErrorFilter} to report.
 */
public class DatabaseUrlConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "orchestra.database.url";
    static final String PREFECT_URL = "prefect.api.database.connection.url";
    static final String PREFECT_PASSWORD = "prefect.api.database.password";
    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    /** The variable the derived settings come from, for messages. */
    static final String ORIGIN = "orchestra.database.origin";
    /** Why the configured URL cannot be used, for {@link StartupErrorFilter}. */
    static final String PROBLEM = "orchestra.database.problem";

    /** Above application.properties (250), below the embedded database (275) and environment variables (300). */
    private static final int ORDINAL = 270;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> derived = derive(key -> {
            ConfigValue v = context.getValue(key);
            return v == null ? null : v.getValue();
        });
        if (derived.isEmpty()) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("orchestra-database-url", derived, ORDINAL) {
        });
    }

    /** Whether a single URL is configured (the embedded dev/test database then stays off). */
    static boolean singleUrlConfigured(Function<String, String> lookup) {
        return !blank(lookup.apply(URL)) || !blank(lookup.apply(PREFECT_URL));
    }

    static Map<String, String> derive(Function<String, String> lookup) {
        String reactive = lookup.apply(REACTIVE_URL);
        String jdbc = lookup.apply(JDBC_URL);
        if (!blank(reactive) && !blank(jdbc)) {
            return Map.of();
        }
        String origin;
        String url;
        if (!blank(lookup.apply(URL))) {
            origin = "ORCHESTRA_DATABASE_URL";
            url = lookup.apply(URL);
        } else if (!blank(lookup.apply(PREFECT_URL))) {
            origin = "PREFECT_API_DATABASE_CONNECTION_URL";
            url = lookup.apply(PREFECT_URL);
        } else if (!blank(reactive)) {
            origin = "QUARKUS_DATASOURCE_REACTIVE_URL";
            url = reactive;
        } else if (!blank(jdbc)) {
            origin = "QUARKUS_DATASOURCE_JDBC_URL";
            url = jdbc;
        } else {
            return Map.of();
        }
        Map<String, String> derived = new HashMap<>();
        derived.put(ORIGIN, origin);
        DatabaseUrl parsed;
        try {
            parsed = DatabaseUrl.parse(url, lookup.apply(PREFECT_PASSWORD));
        } catch (InvalidDatabaseUrlException e) {
            derived.put(PROBLEM, origin + " cannot be used: " + e.getMessage() + ".");
            return derived;
        }
        if (blank(reactive)) {
            derived.put(REACTIVE_URL, parsed.reactiveUrl());
        }
        if (blank(jdbc)) {
            derived.put(JDBC_URL, parsed.jdbcUrl());
        }
        if (parsed.user() != null) {
            derived.put("quarkus.datasource.username", parsed.user());
        }
        if (parsed.password() != null) {
            derived.put("quarkus.datasource.password", parsed.password());
        }
        return derived;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
