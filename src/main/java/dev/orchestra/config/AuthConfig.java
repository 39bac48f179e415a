package dev.orchestra.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Optional authentication of the API (off when nothing here is set, as in Prefect 2). The values are secrets:
 * they are read once, kept as digests, and never logged.
 */
@ConfigMapping(prefix = "orchestra.auth")
public interface AuthConfig {

    /** Keys accepted as {@code Authorization: Bearer <key>} (what the Prefect 2 client sends for PREFECT_API_KEY). */
    Optional<List<String>> apiKeys();

    /** A file of such keys, one a line (a mounted Kubernetes Secret). */
    Optional<Path> apiKeysFile();

    /** A Prefect 3 style {@code user:password} string accepted as HTTP Basic credentials. */
    Optional<String> authString();

    /** A file holding such a string (a mounted Secret). */
    Optional<Path> authStringFile();
}
