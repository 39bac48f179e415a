package dev.orchestra.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One PostgreSQL connection URL, as an operator writes it once: {@code postgresql://user:password@host:5432/db},
 * Prefect's SQLAlchemy form {@code postgresql+asyncpg://...}, or a Quarkus reactive or JDBC URL. It yields the
 * two URLs Quarkus needs (the reactive client's and Flyway's JDBC one) and the credentials, which the
 * datasource takes as separate settings.
 *
 * <p>Query parameters: {@code ssl} (asyncpg; {@code true}/{@code false} or a mode) and {@code sslmode} (libpq)
 * become {@code sslmode} on both URLs; {@code application_name}, and {@code connect_timeout} or asyncpg's
 * {@code timeout} (seconds) are kept; asyncpg's statement-cache and command-timeout tuning is ignored (it has
 * no counterpart here). Anything else is refused, as asyncpg refuses an argument it does not know.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
        String sslMode, String applicationName, Integer connectTimeoutSeconds) {

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");
    private static final Set<String> IGNORED = Set.of("prepared_statement_cache_size", "statement_cache_size",
            "command_timeout", "max_cached_statement_lifetime", "max_cacheable_statement_size");

    /** A URL that cannot be used; the message says what is wrong, never the password. */
    public static final class InvalidDatabaseUrlException extends IllegalArgumentException {
        InvalidDatabaseUrlException(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code url}. {@code passwordTemplate}, when given, replaces {@code ${PREFECT_API_DATABASE_PASSWORD}}
     * in it, as Prefect does.
     */
    public static DatabaseUrl parse(String url, String passwordTemplate) {
        String text = url.strip();
        if (text.contains("${PREFECT_API_DATABASE_PASSWORD}")) {
            if (passwordTemplate == null || passwordTemplate.isEmpty()) {
                throw new InvalidDatabaseUrlException("it contains ${PREFECT_API_DATABASE_PASSWORD} but"
                        + " PREFECT_API_DATABASE_PASSWORD is not set");
            }
            text = text.replace("${PREFECT_API_DATABASE_PASSWORD}", encode(passwordTemplate));
        }
        int schemeEnd = text.indexOf("://");
        if (schemeEnd < 0) {
            throw new InvalidDatabaseUrlException("it is not a URL of the form postgresql://user:password@host:5432/database");
        }
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (scheme.startsWith("jdbc:")) {
            scheme = scheme.substring(5);
        }
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") && !scheme.startsWith("postgresql+")) {
            throw new InvalidDatabaseUrlException("its scheme '" + scheme + "' is not PostgreSQL; this server"
                    + " stores its data in PostgreSQL only (postgresql://, postgresql+asyncpg://)");
        }
        String rest = text.substring(schemeEnd + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                user = null;
            }
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new InvalidDatabaseUrlException("its IPv6 host has no closing ']'");
            }
            host = authority.substring(0, close + 1);
            if (authority.length() > close + 1) {
                if (authority.charAt(close + 1) != ':') {
                    throw new InvalidDatabaseUrlException("unexpected text after the host " + host);
                }
                portText = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new InvalidDatabaseUrlException("it names no host (a Unix socket is not supported:"
                    + " give the host name, e.g. postgresql://user:password@db:5432/prefect)");
        }
        if (host.contains(",")) {
            throw new InvalidDatabaseUrlException("it names several hosts; give one (e.g. the primary's service name)");
        }
        int port = 5432;
        if (portText != null && !portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new InvalidDatabaseUrlException("its port '" + portText + "' is not a number from 1 to 65535");
            }
        }
        if (database.isEmpty() || database.contains("/")) {
            throw new InvalidDatabaseUrlException("it names no database: end it with /<database>, e.g."
                    + " postgresql://user:password@" + host + ":" + port + "/prefect");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                params.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        String sslMode = null;
        String applicationName = null;
        Integer connectTimeout = null;
        if (params.containsKey("user") && user == null) {
            user = params.get("user");
        }
        if (params.containsKey("password") && password == null) {
            password = params.get("password");
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = p.getKey();
            String value = p.getValue();
            switch (name) {
                case "ssl", "sslmode" -> sslMode = sslMode(name, value);
                case "application_name" -> applicationName = value;
                case "connect_timeout", "timeout", "connectTimeout" -> connectTimeout = seconds(name, value);
                case "user", "password" -> {
                }
                default -> {
                    if (!IGNORED.contains(name)) {
                        throw new InvalidDatabaseUrlException("its query parameter " + name + " is not supported"
                                + " (supported: ssl, sslmode, application_name, connect_timeout, timeout; ignored: "
                                + String.join(", ", IGNORED.stream().sorted().toList()) + ")");
                    }
                }
            }
        }
        return new DatabaseUrl(host, port, database, user, password, sslMode, applicationName, connectTimeout);
    }

    /** The reactive client's URL, without credentials. */
    public String reactiveUrl() {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (sslMode != null) {
            query.add("sslmode=" + sslMode);
        }
        if (applicationName != null) {
            query.add("application_name=" + encode(applicationName));
        }
        return "postgresql://" + host + ":" + port + "/" + encode(database) + query;
    }

    /** The JDBC URL (Flyway's), without credentials. */
    public String jdbcUrl() {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (sslMode != null) {
            query.add("sslmode=" + sslMode);
        }
        if (applicationName != null) {
            query.add("ApplicationName=" + encode(applicationName));
        }
        if (connectTimeoutSeconds != null) {
            query.add("connectTimeout=" + connectTimeoutSeconds);
        }
        return "jdbc:postgresql://" + host + ":" + port + "/" + encode(database) + query;
    }

    /** {@code user@host:port/database}: what a log line may show. */
    public String describe() {
        return (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }

    private static String sslMode(String name, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (name.equals("ssl") && (v.equals("true") || v.equals("1"))) {
            return "require";
        }
        if (name.equals("ssl") && (v.equals("false") || v.equals("0"))) {
            return "disable";
        }
        if (!SSL_MODES.contains(v)) {
            throw new InvalidDatabaseUrlException("its " + name + "=" + value + " is not one of " + (name.equals("ssl")
                    ? "true, false, " : "") + "disable, allow, prefer, require, verify-ca, verify-full");
        }
        return v;
    }

    private static Integer seconds(String name, String value) {
        try {
            double seconds = Double.parseDouble(value);
            if (seconds >= 0 && seconds <= 3600) {
                return (int) Math.ceil(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidDatabaseUrlException("its " + name + "=" + value + " is not a number of seconds");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDatabaseUrlException("it has a malformed %-escape");
        }
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
