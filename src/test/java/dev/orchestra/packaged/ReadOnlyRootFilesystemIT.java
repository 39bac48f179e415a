package dev.orchestra.packaged;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged server runs as the chart runs it ({@code readOnlyRootFilesystem: true}, {@code runAsNonRoot}, an
 * emptyDir on {@code /tmp}): in a mount namespace of its own ({@code unshare -m}) where a fresh directory of
 * this test is bound on {@code /tmp} (the emptyDir) and then the root filesystem, which here holds everything
 * else ({@code /root}, {@code /home}, the application directory), is remounted read-only; as user 65534
 * ({@code setpriv}), with a {@code HOME} that does not exist. It starts, migrates its database, and serves
 * reads, writes and the Swagger UI; what it wrote in {@code /tmp} is only Vert.x's cache (and the JVM's
 * performance-data file), so nothing else needs to be writable. A second start without any writable {@code /tmp}
 * and with {@code QUARKUS_VERTX_CLASSPATH_RESOLVING=false} shows the server needs no file at all then. Both are
 * configured by {@code PREFECT_API_DATABASE_CONNECTION_URL} alone. Needs root and {@code unshare}/{@code setpriv}
 * (util-linux); skipped where they are missing.
 */
class ReadOnlyRootFilesystemIT {

    /** Binds {@code tmp} (when given) on /tmp, makes / read-only, and runs the rest as user 65534. */
    private static List<String> readOnlyAsNobody(Path tmp) {
        String bindTmp = tmp == null ? "" : "mount --bind '" + tmp + "' /tmp && ";
        return List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", bindTmp
                + "mount -o remount,bind,ro / && exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$@\"",
                "read-only-root");
    }

    @Test
    void startsAndServesWithAReadOnlyRootFilesystemAsNonRoot() throws Exception {
        assumeNamespacesWork();
        // the emptyDir bound on /tmp would hide an application that lies under /tmp itself (a checkout in /tmp)
        Assumptions.assumeFalse(PackagedServer.appDirectory().toAbsolutePath().startsWith("/tmp"),
                "the application lies under /tmp, which this test covers with the emptyDir: run it from elsewhere");
        Path tmp = Files.createTempDirectory(PackagedServer.appDirectory().getParent(), "empty-dir-tmp");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try (PackagedServer server = PackagedServer.start(Map.of("PREFECT_API_DATABASE_CONNECTION_URL", url(),
                "HOME", "/nonexistent"), readOnlyAsNobody(tmp))) {
            server.awaitListening(Duration.ofSeconds(90));
            String status = Files.readString(Path.of("/proc", String.valueOf(server.pid()), "status"));
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534")), status);
            String mounts = Files.readString(Path.of("/proc", String.valueOf(server.pid()), "mounts"));
            assertTrue(mounts.lines().anyMatch(l -> l.split(" ")[1].equals("/") && l.split(" ")[3].startsWith("ro")),
                    "the root filesystem is read-only for the server:\n" + mounts);

            given().baseUri(server.baseUrl()).get("/q/health/ready").then().statusCode(200);
            String flowId = given().baseUri(server.baseUrl()).contentType(ContentType.JSON)
                    .body(Map.of("name", "read-only")).post("/api/flows/").then().statusCode(201).extract().path("id");
            given().baseUri(server.baseUrl()).get("/api/flows/{id}", flowId).then().statusCode(200);
            given().baseUri(server.baseUrl()).get("/api/docs/").then().statusCode(200);
            given().baseUri(server.baseUrl()).get("/api/openapi.json").then().statusCode(200);
            try (var written = Files.list(tmp)) {
                List<String> names = written.map(p -> p.getFileName().toString()).toList();
                // Vert.x's cache of the Swagger UI files, the JVM's performance data, the HTTP layer's upload
                // directory, Netty's Brotli library: all optional (see the other test)
                assertTrue(names.stream().allMatch(n -> n.equals("vertx-cache") || n.startsWith("hsperfdata_")
                        || n.equals("uploads") || n.startsWith("com_aayushatharva_brotli4j_")),
                        "written in /tmp: " + names);
            }

            server.terminate();
            assertEquals(PackagedServer.EXIT_ON_SIGTERM, server.awaitExit(Duration.ofSeconds(30)), server.output());
            assertFalse(server.output().contains("ERROR") || server.output().contains("WARN"), server.output());
        }
    }

    @Test
    void needsNoWritableFileAtAllWithoutClassPathResolving() throws Exception {
        assumeNamespacesWork();
        try (PackagedServer server = PackagedServer.start(Map.of("PREFECT_API_DATABASE_CONNECTION_URL", url(),
                "HOME", "/nonexistent", "QUARKUS_VERTX_CLASSPATH_RESOLVING", "false"), readOnlyAsNobody(null))) {
            server.awaitListening(Duration.ofSeconds(90));
            given().baseUri(server.baseUrl()).get("/q/health/ready").then().statusCode(200);
            given().baseUri(server.baseUrl()).contentType(ContentType.JSON).body(Map.of("name", "no-files"))
                    .post("/api/flows/").then().statusCode(201);
            given().baseUri(server.baseUrl()).get("/api/openapi.json").then().statusCode(200);
            server.terminate();
            assertEquals(PackagedServer.EXIT_ON_SIGTERM, server.awaitExit(Duration.ofSeconds(30)), server.output());
        }
    }

    private static String url() {
        String database = TestPostgres.createDatabase("readonly");
        return "postgresql+asyncpg://postgres:postgres@127.0.0.1:" + TestPostgres.port() + "/" + database
                + "?prepared_statement_cache_size=0";
    }

    private static void assumeNamespacesWork() throws Exception {
        Process probe;
        try {
            probe = new ProcessBuilder(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                    "mount -o remount,bind,ro / && command -v setpriv")).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("unshare is not installed");
            return;
        }
        boolean done = probe.waitFor(10, TimeUnit.SECONDS);
        Assumptions.assumeTrue(done && probe.exitValue() == 0,
                "no private read-only mount here (needs root, unshare and setpriv)");
        for (Path p = PackagedServer.appDirectory(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            Assumptions.assumeTrue(perms.contains(PosixFilePermission.OTHERS_EXECUTE),
                    p + " cannot be entered by another user");
        }
    }
}
