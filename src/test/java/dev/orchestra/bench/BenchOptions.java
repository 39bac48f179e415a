package dev.orchestra.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The load generator's command line ({@code --name value} or {@code --name=value}). */
record BenchOptions(List<URI> urls, int users, Duration warmup, Duration duration, List<String> scenarios,
        String jdbcUrl, String jdbcUser, String jdbcPassword, int seedRuns, boolean reseed, int readRuns,
        int filterRuns, Integer historyUsers, List<Long> serverPids, String databaseCpu, java.time.Instant historyEnd) {

    static final List<String> ALL_SCENARIOS = List.of("task-run-lifecycle", "flow-run-lifecycle", "read-flow-run",
            "filter-flow-runs", "history");

    static final String USAGE = """
            Prefect API load generator: closed loop, keep-alive HTTP/1.1, the Prefect 2 client's request bodies.

              --url URL[,URL...]   the API root; several (instances of one server on one
                                   database): each request goes to the next in turn (http://127.0.0.1:4200/api)
              --users N            virtual users, one connection each             (16)
              --warmup D           unmeasured time before each scenario           (20s)
              --duration D         measured time per scenario                     (30s)
              --scenarios LIST     comma-separated names or numbers 1-5           (all)
                                   1 task-run-lifecycle   create (PENDING) in a RUNNING flow run, RUNNING, COMPLETED
                                   2 flow-run-lifecycle   create (PENDING), RUNNING, COMPLETED
                                   3 read-flow-run        GET /flow_runs/{id} of a random existing run
                                   4 filter-flow-runs     /flow_runs/filter by flow and tag, limit 50, sorted
                                   5 history              history, count and filter over --seed-runs runs
              --jdbc-url URL       the server's database, for seeding scenario 5  ($QUARKUS_DATASOURCE_JDBC_URL)
              --jdbc-user U        its user                                       ($QUARKUS_DATASOURCE_USERNAME)
              --jdbc-password P    its password                                   ($QUARKUS_DATASOURCE_PASSWORD)
              --seed-runs N        flow runs seeded for scenario 5 (kept between runs)   (1000000)
              --reseed             seed again even if the seeded runs are there
              --read-runs N        runs created for scenario 3                    (1000)
              --filter-runs N      runs created for scenario 4                    (2000)
              --history-users N    virtual users for scenario 5                   (--users)
              --history-end T      scenario 5: no seeding; the day before T (ISO instant) over the
                                   runs already there (e.g. part of a larger seed)  (now, seeded)
              --server-pid PID[,PID...]  report these processes' CPU and RSS, summed (Linux /proc)
              --database-cpu DB    report the CPU of the local PostgreSQL backends serving database DB
            Durations: 30s, 2m, or seconds.
            """;

    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("reseed") || name.equals("help")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        List<String> known = List.of("url", "users", "warmup", "duration", "scenarios", "jdbc-url", "jdbc-user",
                "jdbc-password", "seed-runs", "reseed", "read-runs", "filter-runs", "history-users", "server-pid",
                "database-cpu", "history-end", "help");
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        if (values.containsKey("help")) {
            throw new IllegalArgumentException("");
        }
        String url = values.getOrDefault("url", "http://127.0.0.1:4200/api");
        return new BenchOptions(Arrays.stream(url.split(",")).map(String::trim).map(URI::create).toList(), positive(values, "users", 16),
                duration(values.getOrDefault("warmup", "20s")), duration(values.getOrDefault("duration", "30s")),
                scenarios(values.getOrDefault("scenarios", "all")),
                values.getOrDefault("jdbc-url", System.getenv("QUARKUS_DATASOURCE_JDBC_URL")),
                values.getOrDefault("jdbc-user", System.getenv("QUARKUS_DATASOURCE_USERNAME")),
                values.getOrDefault("jdbc-password", System.getenv("QUARKUS_DATASOURCE_PASSWORD")),
                positive(values, "seed-runs", 1_000_000), values.containsKey("reseed"),
                positive(values, "read-runs", 1000), positive(values, "filter-runs", 2000),
                values.containsKey("history-users") ? positive(values, "history-users", 0) : null,
                values.containsKey("server-pid")
                        ? Arrays.stream(values.get("server-pid").split(",")).map(String::trim).map(Long::valueOf).toList()
                        : List.of(),
                values.get("database-cpu"),
                values.containsKey("history-end") ? java.time.Instant.parse(values.get("history-end")) : null);
    }

    int usersFor(String scenario) {
        return "history".equals(scenario) && historyUsers != null ? historyUsers : users;
    }

    private static int positive(Map<String, String> values, String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int n = Integer.parseInt(v.replace("_", "").replace(",", ""));
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return n;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
    }

    private static List<String> scenarios(String text) {
        if (text.equals("all")) {
            return ALL_SCENARIOS;
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.matches("[1-5]")) {
                out.add(ALL_SCENARIOS.get(Integer.parseInt(p) - 1));
            } else if (ALL_SCENARIOS.contains(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("unknown scenario " + p + "; known: " + ALL_SCENARIOS);
            }
        }
        return out;
    }
}
