package dev.orchestra.service.background;

import dev.orchestra.config.ServicesConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the enabled {@link LoopService}s: every few seconds this instance checks its hold on their locks and takes the
 * free ones ({@link ServiceLeadership}); a service runs right after its lock is taken and then every loop, on the
 * instance holding it only.
 */
@ApplicationScoped
public class BackgroundServices {

    private static final Logger LOG = Logger.getLogger(BackgroundServices.class);

    private final List<LoopService> services;
    private final ServiceLeadership leadership;
    private final Vertx vertx;
    private final double checkSeconds;
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Long> timers = new CopyOnWriteArrayList<>();

    public BackgroundServices(Instance<LoopService> services, Pool pool, Vertx vertx, ServicesConfig config) {
        this.services = services.stream().filter(LoopService::enabled).toList();
        this.leadership = new ServiceLeadership(pool, UUID.randomUUID().toString().substring(0, 8));
        this.vertx = vertx;
        this.checkSeconds = config.leadership().checkSeconds();
    }

    void start(@Observes StartupEvent event) {
        if (services.isEmpty()) {
            return;
        }
        List<String> names = services.stream().map(LoopService::name).toList();
        timers.add(vertx.setTimer(1, id -> check(names)));
        timers.add(vertx.setPeriodic(millis(checkSeconds), id -> check(names)));
        for (LoopService s : services) {
            String name = s.name();
            running.put(name, new AtomicBoolean());
            timers.add(vertx.setPeriodic(millis(s.loopSeconds()), id -> {
                if (!stopped.get() && leadership.holds(name)) {
                    runOnce(s);
                }
            }));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        // No pass may start once the application is going down: a timer firing after the container stopped
        // would reach beans that no longer exist.
        stopped.set(true);
        timers.forEach(vertx::cancelTimer);
        leadership.release().await().atMost(Duration.ofSeconds(5));
    }

    /** This instance's hold on the services' locks. */
    public ServiceLeadership leadership() {
        return leadership;
    }

    private void check(List<String> names) {
        if (stopped.get() || !checking.compareAndSet(false, true)) {
            return;
        }
        leadership.check(names).onTermination().invoke(() -> checking.set(false)).subscribe().with(
                taken -> services.stream().filter(s -> taken.contains(s.name())).forEach(this::runOnce),
                error -> LOG.warn("Checking the background services' locks failed", error));
    }

    private void runOnce(LoopService s) {
        AtomicBoolean busy = running.get(s.name());
        if (stopped.get() || !busy.compareAndSet(false, true)) {
            return;
        }
        s.runOnce().onTermination().invoke(() -> busy.set(false)).subscribe().with(
                changed -> {
                    if (changed > 0) {
                        LOG.debugf("%s changed %d run(s)", s.name(), changed);
                    }
                },
                error -> LOG.warnf(error, "%s failed; it runs again in %s s", s.name(), s.loopSeconds()));
    }

    private static long millis(double seconds) {
        return Math.max(1, (long) (seconds * 1000));
    }
}
