package dev.orchestra.api;

import dev.orchestra.config.AuthConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Optional authentication of every {@code /api} route but the health and readiness probes: an
 * {@code Authorization: Bearer <key>} header with a configured API key (what the Prefect 2 client sends when
 * {@code PREFECT_API_KEY} is set), or HTTP Basic credentials equal to the configured {@code user:password}
 * string (Prefect 3's {@code PREFECT_SERVER_API_AUTH_STRING}). Anything else is a 401 with Prefect 3's body.
 * Secrets are kept as SHA-256 digests and compared in constant time; none is ever logged.
 */
public final class ApiAuthFilter {

    static final String UNAUTHORIZED_BODY = "{\"exception_message\":\"Unauthorized\"}";
    /** Probes stay open (Prefect 3 exempts the same two paths, for GET only). */
    private static final Set<String> OPEN_PATHS = Set.of("/api/health", "/api/ready");

    private final List<byte[]> apiKeyDigests;
    private final List<byte[]> authStringDigests;

    private ApiAuthFilter(List<byte[]> apiKeyDigests, List<byte[]> authStringDigests) {
        this.apiKeyDigests = apiKeyDigests;
        this.authStringDigests = authStringDigests;
    }

    /** The filter for the configured credentials, or empty when none is configured (authentication off). */
    public static Optional<ApiAuthFilter> of(AuthConfig config) {
        List<byte[]> keys = digests(apiKeys(config));
        List<byte[]> authStrings = digests(authStrings(config));
        if (keys.isEmpty() && authStrings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApiAuthFilter(keys, authStrings));
    }

    /**
     * An {@code Authorization} header value the configured credentials accept (the first API key, else the first
     * auth string), for the server's own requests to itself (the warm-up); empty when authentication is off.
     */
    static Optional<String> authorization(AuthConfig config) {
        Optional<String> key = apiKeys(config).stream().findFirst();
        if (key.isPresent()) {
            return Optional.of("Bearer " + key.get());
        }
        return authStrings(config).stream().findFirst()
                .map(a -> "Basic " + Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> apiKeys(AuthConfig config) {
        return secrets(config.apiKeys().orElse(List.of()), config.apiKeysFile());
    }

    private static List<String> authStrings(AuthConfig config) {
        return secrets(config.authString().map(List::of).orElse(List.of()), config.authStringFile());
    }

    /** The configured values and the file's lines, stripped, blank ones left out. */
    private static List<String> secrets(List<String> values, Optional<Path> file) {
        List<String> all = new ArrayList<>(values);
        file.ifPresent(f -> all.addAll(lines(f)));
        return all.stream().map(String::strip).filter(secret -> !secret.isEmpty()).toList();
    }

    private static List<byte[]> digests(List<String> secrets) {
        return secrets.stream().map(secret -> sha256(secret.getBytes(StandardCharsets.UTF_8))).toList();
    }

    /** How many API keys and auth strings are accepted (never what they are). */
    public String describe() {
        return apiKeyDigests.size() + " API key(s), " + authStringDigests.size() + " auth string(s)";
    }

    public void handle(RoutingContext ctx) {
        if (!protectedRoute(ctx) || authorized(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("WWW-Authenticate", "Bearer").end(UNAUTHORIZED_BODY);
    }

    private static boolean protectedRoute(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return false;
        }
        HttpMethod method = ctx.request().method();
        return !(OPEN_PATHS.contains(path) && (method == HttpMethod.GET || method == HttpMethod.HEAD));
    }

    boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2) {
            return false;
        }
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String credentials = parts[1].trim();
        if (scheme.equals("bearer")) {
            return matches(apiKeyDigests, credentials.getBytes(StandardCharsets.UTF_8));
        }
        if (scheme.equals("basic")) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(credentials);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return matches(authStringDigests, decoded);
        }
        return false;
    }

    /** Compares digests (equal length whatever was sent) with every secret, without stopping at a match. */
    private static boolean matches(List<byte[]> digests, byte[] presented) {
        byte[] digest = sha256(presented);
        boolean match = false;
        for (byte[] candidate : digests) {
            match |= MessageDigest.isEqual(candidate, digest);
        }
        return match;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the file name only: a secret's content never reaches a message
            throw new UncheckedIOException("Cannot read the credentials file " + file, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
