package dev.orchestra.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The HTTP edge with its switches turned: authentication on (keys inline and from a file, a Basic auth string),
 * CORS restricted to one origin, JSON console logs. One profile, so one more start.
 */
public class EdgeProfile implements QuarkusTestProfile {

    static final String API_KEY = "pnu_edge-test-key";
    static final String FILE_API_KEY = "key-from-a-mounted-secret";
    static final String AUTH_STRING = "admin:s3cret:with:colons";
    static final String ALLOWED_ORIGIN = "https://ui.example";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path keys;
        try {
            keys = Files.createTempFile("orchestra-api-keys", ".txt");
            Files.writeString(keys, "\n  " + FILE_API_KEY + "  \n\n");
            keys.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "orchestra.auth.api-keys", API_KEY + ",another-key",
                "orchestra.auth.api-keys-file", keys.toString(),
                "orchestra.auth.auth-string", AUTH_STRING,
                "orchestra.http.cors.allowed-origins", ALLOWED_ORIGIN,
                "QUARKUS_LOG_CONSOLE_JSON", "true");
    }
}
