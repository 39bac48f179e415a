package dev.orchestra.config;

import io.quarkus.logging.LoggingFilter;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Start-up failures a person can act on. Quarkus reports a failed start as one ERROR record ("Failed to start
 * application") carrying the whole exception chain: 30-50 lines of stack trace. When the chain shows a
 * database problem this filter knows (nothing configured, an unusable URL, an unreachable host, refused
 * credentials, a missing database), it rewrites that record into one paragraph: the setting, the value tried
 * (never the password) and what to do. Quarkus still exits with status 1. Any other failure keeps its trace.
 *
 * <p>Attached to the console handler by {@code quarkus.log.console.filter=startup-errors}; it looks at ERROR
 * records of {@code io.quarkus.runtime.Application} only.
 */
@LoggingFilter(name = "startup-errors")
public final class StartupErrorFilter implements Filter {

    private static final String QUARKUS_LOGGER = "io.quarkus.runtime.Application";
    private static final String EXAMPLE = "postgresql://USER:PASSWORD@HOST:5432/DATABASE";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getThrown() == null || record.getLevel().intValue() < Level.SEVERE.intValue()
                || !QUARKUS_LOGGER.equals(record.getLoggerName())) {
            return true;
        }
        String paragraph;
        try {
            paragraph = explain(record.getThrown(), ConfigProvider.getConfig().unwrap(SmallRyeConfig.class));
        } catch (RuntimeException e) {
            return true;
        }
        if (paragraph != null) {
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(paragraph, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(paragraph);
            }
            record.setParameters(null);
            record.setThrown(null);
        }
        return true;
    }

    /** The paragraph for a start-up failure, or null when it is not a database problem known here. */
    static String explain(Throwable failure, SmallRyeConfig config) {
        Optional<String> problem = config.getOptionalValue(DatabaseUrlConfigSourceFactory.PROBLEM, String.class);
        boolean reactive = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            reactive |= t.getClass().getName().startsWith("io.vertx.");
        }
        Target target = Target.of(config, reactive);
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            deepest = t;
            if (String.valueOf(t.getMessage()).contains("deactivated automatically because its URL is not set")) {
                return problem.map(p -> "Orchestra cannot start: " + p + " Expected " + EXAMPLE
                        + " (optionally with ?sslmode=require).").orElse(notConfigured());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return unreachable(target, "unknown host " + target.host);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return unreachable(target, firstLine(t.getMessage(), "connection refused"));
            }
            if (t instanceof SocketTimeoutException) {
                return unreachable(target, "no answer: the connection timed out");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String sqlState = t instanceof SQLException e ? e.getSQLState()
                    : t instanceof PgException e ? e.getSqlState() : null;
            if (sqlState == null) {
                continue;
            }
            String server = firstLine(t instanceof PgException e ? e.getErrorMessage() : t.getMessage(), sqlState);
            if (sqlState.equals("28P01") || sqlState.equals("28000")) {
                return "Orchestra cannot start: the database server " + target.address() + " refused user '"
                        + target.user + "' (" + server + "). The user comes from " + target.userOrigin
                        + ", the password from " + target.passwordOrigin + ". Check both (the password is not"
                        + " shown here) and that pg_hba.conf lets this user connect to database '"
                        + target.database + "' from this host.";
            }
            if (sqlState.equals("3D000")) {
                return "Orchestra cannot start: the database '" + target.database + "' does not exist on "
                        + target.address() + " (" + server + "). Create it (CREATE DATABASE " + target.database
                        + " OWNER " + target.user + ";) or correct the database name in " + target.urlOrigin
                        + " (" + target.url + "). The server creates its tables itself at start-up.";
            }
            if (sqlState.startsWith("08") || sqlState.equals("57P03") || sqlState.equals("53300")) {
                return unreachable(target, deepest == t ? server : server + ": " + firstLine(deepest.getMessage(),
                        deepest.getClass().getSimpleName()));
            }
        }
        return null;
    }

    private static String notConfigured() {
        return "Orchestra cannot start: no database is configured. Set ORCHESTRA_DATABASE_URL=" + EXAMPLE
                + " (Prefect's PREFECT_API_DATABASE_CONNECTION_URL is read too, e.g. postgresql+asyncpg://...), or"
                + " QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL with QUARKUS_DATASOURCE_USERNAME"
                + " and QUARKUS_DATASOURCE_PASSWORD. On Kubernetes the URL comes from the database Secret (see"
                + " README, \"Deploy on Kubernetes\").";
    }

    private static String unreachable(Target target, String reason) {
        return "Orchestra cannot start: the database server " + target.address() + " cannot be reached (" + reason
                + "). The address comes from " + target.urlOrigin + " (" + target.url + "). Check the host name and"
                + " port, and that PostgreSQL runs and accepts TCP connections from this host (listen_addresses,"
                + " firewalls, network policies).";
    }

    private static String firstLine(String message, String fallback) {
        if (message == null || message.isBlank()) {
            return fallback;
        }
        String line = message.strip().lines().findFirst().orElse(fallback);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** What the failed connection attempt used: from the configuration, never the password. */
    private record Target(String url, String urlOrigin, String host, String port, String database, String user,
            String userOrigin, String passwordOrigin) {

        String address() {
            return host + ":" + port;
        }

        static Target of(SmallRyeConfig config, boolean reactive) {
            String key = reactive ? DatabaseUrlConfigSourceFactory.REACTIVE_URL : DatabaseUrlConfigSourceFactory.JDBC_URL;
            ConfigValue urlValue = config.getConfigValue(key);
            String raw = urlValue.getValue() == null ? "" : urlValue.getValue();
            String urlOrigin = origin(config, urlValue, reactive ? "QUARKUS_DATASOURCE_REACTIVE_URL"
                    : "QUARKUS_DATASOURCE_JDBC_URL");
            ConfigValue userValue = config.getConfigValue("quarkus.datasource.username");
            String user = userValue.getValue() == null ? System.getProperty("user.name") : userValue.getValue();
            String userOrigin = userValue.getValue() == null ? "the default (no user configured)"
                    : origin(config, userValue, "QUARKUS_DATASOURCE_USERNAME");
            ConfigValue passwordValue = config.getConfigValue("quarkus.datasource.password");
            String passwordOrigin = passwordValue.getValue() == null ? "nowhere (no password configured)"
                    : origin(config, passwordValue, "QUARKUS_DATASOURCE_PASSWORD");
            try {
                DatabaseUrl parsed = DatabaseUrl.parse(stripQuery(raw), null);
                String shown = (reactive ? "postgresql://" : "jdbc:postgresql://") + parsed.host() + ":"
                        + parsed.port() + "/" + parsed.database();
                return new Target(shown, urlOrigin, parsed.host(), String.valueOf(parsed.port()), parsed.database(),
                        user, userOrigin, passwordOrigin);
            } catch (IllegalArgumentException e) {
                String shown = stripQuery(raw).replaceAll("//[^/@]*@", "//");
                return new Target(shown, urlOrigin, "?", "?", "?", user, userOrigin, passwordOrigin);
            }
        }

        private static String stripQuery(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }

        private static String origin(SmallRyeConfig config, ConfigValue value, String quarkusVariable) {
            if ("orchestra-database-url".equals(value.getConfigSourceName())) {
                return config.getOptionalValue(DatabaseUrlConfigSourceFactory.ORIGIN, String.class)
                        .orElse(quarkusVariable);
            }
            return quarkusVariable;
        }
    }
}
