package dev.orchestra.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Load generator for any Prefect 2 compatible server: runs the chosen scenarios one after another, each as a
 * set-up (not measured), a warm-up and a measured closed loop of virtual users, and prints per scenario the
 * iterations per second and, per request type, requests per second, p50/p90/p99/max latency and the errors
 * seen. See {@link BenchOptions#USAGE} for the options and README "Performance" for how to run it.
 *
 * <p>The generator is built to stay cheap on a machine it shares with the server: one event-loop thread
 * (Vert.x core HTTP client, one keep-alive connection per user), request bodies prepared as strings, and
 * responses parsed only as far as the check of each request needs.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /** One scenario's results, for the summary. */
    private record Result(Scenarios.Scenario scenario, Recorder rec, double seconds, String resources) {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().isEmpty()) {
                System.out.print(BenchOptions.USAGE);
                return;
            }
            System.err.println(e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    static int run(BenchOptions o) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        int exit = 0;
        try {
            int connections = o.scenarios().stream().mapToInt(o::usersFor).max().orElse(o.users());
            PrefectApi api = new PrefectApi(vertx, o.urls(), Math.max(connections, 1));
            Driver driver = new Driver(vertx);
            System.out.printf("Prefect API load test of %s: %d virtual users, %d s warm-up, %d s measured per"
                    + " scenario%n", o.urls().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")), o.users(), o.warmup().toSeconds(), o.duration().toSeconds());
            System.out.printf("machine: %d cores, load average %s; generator: Java %s%n",
                    Runtime.getRuntime().availableProcessors(), Resources.loadAverage(),
                    System.getProperty("java.version"));
            String runTag = Long.toString(System.currentTimeMillis(), 36);
            List<Result> results = new ArrayList<>();
            for (String name : o.scenarios()) {
                Scenarios.Scenario scenario = Scenarios.create(name, api);
                int users = o.usersFor(name);
                System.out.printf("%n== %s: %s%n", scenario.name, scenario.description);
                long t0 = System.nanoTime();
                try {
                    scenario.setup(new Scenarios.Setup(api, driver, o, users, runTag));
                } catch (Exception e) {
                    System.out.println("  setup failed, scenario skipped: " + e.getMessage());
                    exit = 1;
                    continue;
                }
                System.out.printf("  setup %.1f s; load average %s; %d users%n", (System.nanoTime() - t0) / 1e9,
                        Resources.loadAverage(), users);
                Recorder rec = new Recorder();
                scenario.requestTypes.forEach(rec::declare);
                Resources[] window = new Resources[2];
                long warmupMs = Math.max(1, o.warmup().toMillis());
                vertx.setTimer(warmupMs, t -> window[0] = Resources.snapshot(o.serverPids(), o.databaseCpu()));
                vertx.setTimer(warmupMs + o.duration().toMillis(), t -> window[1] = Resources.snapshot(o.serverPids(), o.databaseCpu()));
                driver.closedLoop(rec, users, o.warmup(), o.duration(), user -> scenario.iteration(user, rec));
                String resources = window[0] != null && window[1] != null
                        ? Resources.describe(window[0], window[1], rec.iterations()) : "";
                Result r = new Result(scenario, rec, o.duration().toNanos() / 1e9, resources);
                print(r);
                results.add(r);
            }
            summary(results);
            Driver.await(api.close());
        } finally {
            Driver.await(vertx.close());
        }
        return exit;
    }

    private static void print(Result r) {
        Recorder rec = r.rec();
        System.out.printf("  %,d iterations in %.0f s: %.1f/s%n", rec.iterations(), r.seconds(),
                rec.iterations() / r.seconds());
        System.out.printf("  %-32s %8s %8s %8s %8s %8s %8s%n", "request", "count", "req/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms");
        for (Map.Entry<String, Latencies> e : rec.latencies().entrySet()) {
            Latencies l = e.getValue();
            System.out.printf(Locale.ROOT, "  %-32s %8d %8.1f %8.2f %8.2f %8.2f %8.2f%n", e.getKey(), l.count(),
                    l.count() / r.seconds(), l.percentileMillis(50), l.percentileMillis(90), l.percentileMillis(99),
                    l.maxMillis());
        }
        if (rec.errors().isEmpty()) {
            System.out.println("  errors: none");
        } else {
            int total = rec.errors().values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("  errors: %d (%d of them outside the measured window)%n", total,
                    rec.errorsOutsideWindow());
            rec.errors().entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(20)
                    .forEach(e -> System.out.printf("    %6d x %s%n", e.getValue(), e.getKey()));
        }
        if (!r.resources().isEmpty()) {
            System.out.println("  " + r.resources());
        }
        System.out.println("  load average after: " + Resources.loadAverage());
    }

    /** The results once more as one Markdown table. */
    private static void summary(List<Result> results) {
        if (results.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("| scenario | iterations/s | request | req/s | p50 ms | p90 ms | p99 ms | errors |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            boolean first = true;
            int errors = r.rec().errors().values().stream().mapToInt(Integer::intValue).sum();
            for (Map.Entry<String, Latencies> e : r.rec().latencies().entrySet()) {
                Latencies l = e.getValue();
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %s |%n",
                        first ? r.scenario().name : "", first ? String.format(Locale.ROOT, "%.1f",
                                r.rec().iterations() / r.seconds()) : "", e.getKey(), l.count() / r.seconds(),
                        l.percentileMillis(50), l.percentileMillis(90), l.percentileMillis(99),
                        first ? Integer.toString(errors) : "");
                first = false;
            }
        }
    }
}
