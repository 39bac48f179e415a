package dev.orchestra.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * The server's single source of time. Everything that stamps or compares times asks this bean, so
 * tests can move time without sleeping. Times are UTC with microsecond precision, like PostgreSQL's.
 */
@ApplicationScoped
public class OrchestraClock {

    private volatile Clock clock = Clock.systemUTC();

    public OffsetDateTime now() {
        return Timestamps.utc(clock.instant());
    }

    /** For tests: replace the underlying clock (e.g. a fixed or offset clock). */
    public void use(Clock newClock) {
        this.clock = newClock;
    }

    public void reset() {
        this.clock = Clock.systemUTC();
    }
}
