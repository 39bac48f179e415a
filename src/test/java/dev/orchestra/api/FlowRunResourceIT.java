package dev.orchestra.api;

import dev.orchestra.packaged.PackagedDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link FlowRunResourceTest} against the packaged application (target/quarkus-app), configured by one database URL. */
@QuarkusIntegrationTest
@WithTestResource(PackagedDatabaseResource.class)
class FlowRunResourceIT extends FlowRunResourceTest {
}
