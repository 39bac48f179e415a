package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server with HTTPS only (a self-signed certificate) warms up over HTTPS. */
@QuarkusTest
@TestProfile(WarmUpHttpsTest.HttpsOnly.class)
class WarmUpHttpsTest {

    public static class HttpsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return withCertificate("disabled");
        }

        /** A 6-s warm-up, a self-signed certificate on a free port, and plain HTTP as {@code insecureRequests}. */
        static Map<String, String> withCertificate(String insecureRequests) {
            Path keystore = selfSigned();
            return Map.of("orchestra.warm-up.duration", "6s",
                    "quarkus.http.ssl.certificate.key-store-file", keystore.toString(),
                    "quarkus.http.ssl.certificate.key-store-password", "changeit",
                    "quarkus.http.insecure-requests", insecureRequests,
                    "quarkus.http.test-ssl-port", Integer.toString(WarmUpTest.freePort()),
                    "quarkus.http.test-port", Integer.toString(WarmUpTest.freePort()));
        }

        private static Path selfSigned() {
            try {
                Path dir = Files.createTempDirectory("orchestra-tls");
                Path keystore = dir.resolve("server.p12");
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
                        .toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                        "-validity", "2", "-dname", "CN=orchestra.example", "-storetype", "PKCS12", "-keystore",
                        keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
                }
                return keystore;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    WarmUp warmUp;

    @Test
    void warmsUpOverHttps() throws InterruptedException {
        assertWarmedUpOverHttps(warmUp);
    }

    static void assertWarmedUpOverHttps(WarmUp warmUp) throws InterruptedException {
        WarmUpTest.awaitEnd(warmUp);
        assertNull(warmUp.failure(), "every warm-up request answered over HTTPS");
        assertTrue(warmUp.iterations() > 0, "iterations: " + warmUp.iterations());
        assertEquals(200, given().relaxedHTTPSValidation().get("/q/health/ready").statusCode());
    }
}
