package dev.orchestra.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server whose plain HTTP only redirects to HTTPS ({@code quarkus.http.insecure-requests=redirect}) warms up
 * over HTTPS: over HTTP its first request would be answered 301 and the warm-up would stop there.
 */
@QuarkusTest
@TestProfile(WarmUpRedirectTest.Redirect.class)
class WarmUpRedirectTest {

    public static class Redirect implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return WarmUpHttpsTest.HttpsOnly.withCertificate("redirect");
        }
    }

    @Inject
    WarmUp warmUp;

    @Test
    void warmsUpOverHttpsWhenHttpRedirects() throws InterruptedException {
        WarmUpHttpsTest.assertWarmedUpOverHttps(warmUp);
    }
}
