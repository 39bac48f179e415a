package dev.orchestra.packaged;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The database of the {@code @QuarkusIntegrationTest} reruns: a fresh one in {@link TestPostgres}, given to the
 * packaged server as the single setting {@code orchestra.database.url} (nothing else about the database).
 */
public class PackagedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("orchestra.database.url", TestPostgres.url(TestPostgres.createDatabase("packaged")));
    }

    @Override
    public void stop() {
        // the embedded server stops with the test JVM
    }
}
