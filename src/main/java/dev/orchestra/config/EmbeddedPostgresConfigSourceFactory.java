package dev.orchestra.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * "A database that appears by itself": in dev mode and tests, when no datasource URL is configured, starts an
 * embedded PostgreSQL (zonky's binaries, no Docker) and points both the reactive and the JDBC datasource at it.
 * A single URL ({@link DatabaseUrlConfigSourceFactory}) counts as configured.
 *
 * <p>The embedded library is a {@code provided} dependency: Quarkus puts it on the dev-mode and test class
 * paths but never into the production application, so it is reached by name only, and in production (or
 * when a URL is configured) this factory contributes nothing. One server is kept per JVM, across dev-mode
 * live reloads, and stopped at exit. Dev mode keeps its data in {@code target/dev-postgres}.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);
    private static final String EMBEDDED = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    private static final int ORDINAL = 275;

    /** Shared by every class loader of the JVM (Quarkus loads this factory more than once). */
    private static final String PORT_PROPERTY = "orchestra.embedded-postgres.port";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        boolean test = profiles.contains("test");
        if (!dev && !test || configured(context, "quarkus.datasource.reactive.url")
                || configured(context, "quarkus.datasource.jdbc.url")
                || DatabaseUrlConfigSourceFactory.singleUrlConfigured(key -> value(context, key))
                || "false".equals(value(context, "orchestra.embedded-postgres.enabled"))) {
            return List.of();
        }
        Integer p = start(dev);
        if (p == null) {
            return List.of();
        }
        Map<String, String> props = Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + p + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + p + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
        return List.of(new MapBackedConfigSource("embedded-postgres", props, ORDINAL) {
        });
    }

    private static boolean configured(ConfigSourceContext context, String key) {
        String v = value(context, key);
        return v != null && !v.isBlank();
    }

    private static String value(ConfigSourceContext context, String key) {
        ConfigValue v = context.getValue(key);
        return v == null ? null : v.getValue();
    }

    private static synchronized Integer start(boolean dev) {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return Integer.valueOf(running);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class<?> embedded = Class.forName(EMBEDDED, true, loader);
            Object builder = embedded.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            if (dev) {
                Path dir = Path.of("target", "dev-postgres").toAbsolutePath();
                Files.createDirectories(dir.getParent());
                builderType.getMethod("setDataDirectory", Path.class).invoke(builder, dir);
                builderType.getMethod("setCleanDataDirectory", boolean.class).invoke(builder, false);
            }
            Object server = builderType.getMethod("start").invoke(builder);
            Method getPort = embedded.getMethod("getPort");
            Integer port = (Integer) getPort.invoke(server);
            System.setProperty(PORT_PROPERTY, port.toString());
            Method close = embedded.getMethod("close");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    close.invoke(server);
                } catch (ReflectiveOperationException e) {
                    // the JVM is exiting; nothing more to do
                }
            }, "embedded-postgres-stop"));
            LOG.infof("No datasource configured: started an embedded PostgreSQL on port %d", port);
            return port;
        } catch (ClassNotFoundException e) {
            LOG.warn("No datasource configured and no embedded PostgreSQL on the class path; set"
                    + " ORCHESTRA_DATABASE_URL=postgresql://user:password@host:5432/database");
            return null;
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL", e);
        }
    }
}
