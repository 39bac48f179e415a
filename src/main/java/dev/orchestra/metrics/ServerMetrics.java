package dev.orchestra.metrics;

import dev.orchestra.orchestration.OrchestrationObserver;
import dev.orchestra.orchestration.rules.core.SecureTaskConcurrencySlots;
import dev.orchestra.persistence.pool.RequestStatements;
import dev.orchestra.schemas.SetStateStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's own Prometheus series (at {@code /q/metrics}, next to Quarkus's HTTP, pool and JVM ones):
 * orchestration outcomes by policy, deciding rule and status, runs created, and the WAITs a full tag
 * concurrency limit answers. Also gives the HTTP request and pool wait timers histogram buckets.
 * Without a Micrometer registry (metrics disabled at build time) every meter is a no-op. What a request of a
 * rolled-back session did (the warm-up's) never happened, so it is not counted.
 */
@Singleton
@Startup
public class ServerMetrics implements OrchestrationObserver {

    static final String OUTCOMES = "orchestra.orchestration.outcomes";
    static final String RUNS_CREATED = "orchestra.runs.created";
    static final String SLOT_WAITS = "orchestra.task.concurrency.slot.waits";
    /** The label value of {@code rule} for an ACCEPT, which no rule decides. */
    static final String NO_RULE = "none";
    private static final String SLOT_RULE = SecureTaskConcurrencySlots.class.getSimpleName();
    /** Timers that get histogram buckets (seconds: 1 ms .. 10 s). */
    private static final Set<String> HISTOGRAMS = Set.of("http.server.requests", "sql.pool.queue.delay");
    private static final double[] BUCKETS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
            2.5, 5, 10};

    private record Outcome(String policy, String rule, SetStateStatus status) {
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();
    private final Counter flowRunsCreated;
    private final Counter taskRunsCreated;
    private final Counter slotWaits;

    public ServerMetrics(Instance<MeterRegistry> registries) {
        this.registry = registries.isResolvable() ? registries.get() : new CompositeMeterRegistry();
        this.flowRunsCreated = runsCreated("flow_run");
        this.taskRunsCreated = runsCreated("task_run");
        this.slotWaits = Counter.builder(SLOT_WAITS)
                .description("WAIT answers to task runs whose tag concurrency limit was full").register(registry);
    }

    private Counter runsCreated(String kind) {
        return Counter.builder(RUNS_CREATED).description("Flow and task runs created (not found by idempotency key)")
                .tag("kind", kind).register(registry);
    }

    @Override
    public void orchestrated(String policy, String rule, SetStateStatus status) {
        if (RequestStatements.rolledBack()) {
            return;
        }
        String decider = rule == null ? NO_RULE : rule;
        outcomes.computeIfAbsent(new Outcome(policy, decider, status), o -> Counter.builder(OUTCOMES)
                .description("Orchestrated state transitions by policy, deciding rule and answer")
                .tag("policy", o.policy()).tag("rule", o.rule()).tag("status", o.status().name())
                .register(registry)).increment();
        if (status == SetStateStatus.WAIT && SLOT_RULE.equals(rule)) {
            slotWaits.increment();
        }
    }

    public void flowRunCreated() {
        if (!RequestStatements.rolledBack()) {
            flowRunsCreated.increment();
        }
    }

    public void taskRunCreated() {
        if (!RequestStatements.rolledBack()) {
            taskRunsCreated.increment();
        }
    }

    /** Histogram buckets for request latency (per method, route template and status) and pool waits. */
    @Produces
    @Singleton
    static MeterFilter latencyHistograms() {
        double[] nanos = new double[BUCKETS_SECONDS.length];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = BUCKETS_SECONDS[i] * Duration.ofSeconds(1).toNanos();
        }
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HISTOGRAMS.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
