package dev.orchestra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.service.background.BackgroundServices;
import dev.orchestra.service.background.ServiceLeadership;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two instances sharing one database: only one holds a service, and when its connection dies the other takes the
 * service over at its next check.
 */
@QuarkusTest
class ServiceLeadershipTest {

    @Inject
    Pool pool;

    @Inject
    BackgroundServices services;

    static List<String> check(ServiceLeadership instance, String service) {
        return instance.check(List.of(service)).await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void only_one_instance_runs_a_service_and_the_other_takes_over_when_it_dies() throws InterruptedException {
        String service = "TestService-" + UUID.randomUUID();
        ServiceLeadership a = new ServiceLeadership(pool, "a");
        ServiceLeadership b = new ServiceLeadership(pool, "b");
        try {
            assertEquals(List.of(service), check(a, service));
            assertEquals(List.of(), check(b, service));
            assertTrue(a.holds(service));
            assertFalse(b.holds(service));
            // checks again keep things as they are
            assertEquals(List.of(), check(a, service));
            assertEquals(List.of(), check(b, service));
            assertTrue(a.holds(service) && !b.holds(service));

            // the leader's database session dies (its process was killed, or the network dropped it)
            int pid = a.backendPid().await().atMost(Duration.ofSeconds(30));
            PortFixtures.query("SELECT pg_terminate_backend(?)", pid);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<String> taken = List.of();
            while (taken.isEmpty() && System.nanoTime() < deadline) {
                taken = check(b, service);
                if (taken.isEmpty()) {
                    Thread.sleep(200);
                }
            }
            assertEquals(List.of(service), taken, "the other instance takes the service over within seconds");
            assertTrue(b.holds(service));
            assertEquals(List.of(), check(a, service), "the old leader finds its lock gone and does not take it back");
            assertFalse(a.holds(service));
        } finally {
            a.release().await().atMost(Duration.ofSeconds(10));
            b.release().await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void a_released_service_is_taken_by_the_next_instance_that_checks() {
        String service = "TestService-" + UUID.randomUUID();
        ServiceLeadership a = new ServiceLeadership(pool, "a");
        ServiceLeadership b = new ServiceLeadership(pool, "b");
        try {
            assertEquals(List.of(service), check(a, service));
            a.release().await().atMost(Duration.ofSeconds(10));
            assertFalse(a.holds(service));
            assertEquals(List.of(service), check(b, service));
        } finally {
            a.release().await().atMost(Duration.ofSeconds(10));
            b.release().await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void this_instance_holds_the_enabled_services_and_another_instance_gets_none() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!services.leadership().holds("FailExpiredPauses") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(services.leadership().holds("FailExpiredPauses"));
        assertFalse(services.leadership().holds("Scheduler"), "disabled in tests: never taken");
        ServiceLeadership other = new ServiceLeadership(pool, "other");
        try {
            assertEquals(List.of(), check(other, "FailExpiredPauses"));
        } finally {
            other.release().await().atMost(Duration.ofSeconds(10));
        }
    }
}
