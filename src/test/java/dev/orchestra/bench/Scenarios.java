package dev.orchestra.bench;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The five scenarios: what each sets up (not measured) and what one iteration of a virtual user does. */
final class Scenarios {

    private Scenarios() {
    }

    /** What a scenario's setup can use. */
    record Setup(PrefectApi api, Driver driver, BenchOptions options, int users, String runTag) {

        /** Setup requests are checked but not measured. */
        static final Recorder UNMEASURED = new Recorder();

        UUID flow(String name) throws InterruptedException {
            return Driver.await(api.upsert(UNMEASURED, "create_flow", "/flows/", PrefectBodies.flow(name)));
        }

        List<UUID> flowRuns(UUID flowId, int count, java.util.function.IntFunction<String> tags)
                throws InterruptedException {
            return driver.repeat(users, count, i -> api.create(UNMEASURED, "create_flow_run", "/flow_runs/",
                    PrefectBodies.flowRunCreate(flowId, "bench-" + runTag + "-" + i, tags.apply(i))));
        }
    }

    abstract static class Scenario {
        final String name;
        final String description;
        final List<String> requestTypes;

        Scenario(String name, String description, List<String> requestTypes) {
            this.name = name;
            this.description = description;
            this.requestTypes = requestTypes;
        }

        /** Creates what the iterations need (blocking; not measured). */
        abstract void setup(Setup setup) throws Exception;

        /** One iteration of virtual user {@code user}, recorded into {@code rec}. */
        abstract Future<Void> iteration(int user, Recorder rec);
    }

    static Scenario create(String name, PrefectApi api) {
        return switch (name) {
            case "task-run-lifecycle" -> new TaskRunLifecycle(api);
            case "flow-run-lifecycle" -> new FlowRunLifecycle(api);
            case "read-flow-run" -> new ReadFlowRun(api);
            case "filter-flow-runs" -> new FilterFlowRuns(api);
            case "history" -> new History(api);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** 1: each user has a RUNNING flow run and creates task runs in it, each run PENDING → RUNNING → COMPLETED. */
    static final class TaskRunLifecycle extends Scenario {
        private final PrefectApi api;
        private UUID[] flowRuns;
        private int[] next;

        TaskRunLifecycle(PrefectApi api) {
            super("task-run-lifecycle", "create a task run (PENDING) in a RUNNING flow run, set RUNNING,"
                    + " set COMPLETED", List.of("create_task_run", "set_state RUNNING", "set_state COMPLETED"));
            this.api = api;
        }

        @Override
        void setup(Setup s) throws Exception {
            UUID flow = s.flow("bench-tasks-" + s.runTag());
            List<UUID> runs = s.flowRuns(flow, s.users(), i -> "[]");
            s.driver().repeat(s.users(), runs.size(), i -> api.setState(Setup.UNMEASURED, "set_state",
                    "/flow_runs/" + runs.get(i) + "/set_state", PrefectBodies.flowRunRunning(runs.get(i))));
            flowRuns = runs.toArray(new UUID[0]);
            next = new int[s.users()];
        }

        @Override
        Future<Void> iteration(int user, Recorder rec) {
            int n = next[user]++;
            return api.create(rec, "create_task_run", "/task_runs/", PrefectBodies.taskRunCreate(flowRuns[user],
                    "bench_task-" + n, "__main__.bench_task", Integer.toString(n)))
                    .compose(id -> api.setState(rec, "set_state RUNNING", "/task_runs/" + id + "/set_state",
                            PrefectBodies.taskRunRunning(id))
                            .compose(v -> api.setState(rec, "set_state COMPLETED", "/task_runs/" + id + "/set_state",
                                    PrefectBodies.taskRunCompleted(id))));
        }
    }

    /** 2: flow runs created PENDING, then RUNNING, then COMPLETED. */
    static final class FlowRunLifecycle extends Scenario {
        private final PrefectApi api;
        private UUID flow;
        private String runTag;
        private int[] next;

        FlowRunLifecycle(PrefectApi api) {
            super("flow-run-lifecycle", "create a flow run (PENDING), set RUNNING, set COMPLETED",
                    List.of("create_flow_run", "set_state RUNNING", "set_state COMPLETED"));
            this.api = api;
        }

        @Override
        void setup(Setup s) throws Exception {
            flow = s.flow("bench-flows-" + s.runTag());
            runTag = s.runTag();
            next = new int[s.users()];
        }

        @Override
        Future<Void> iteration(int user, Recorder rec) {
            int n = next[user]++;
            return api.create(rec, "create_flow_run", "/flow_runs/",
                    PrefectBodies.flowRunCreate(flow, "bench-" + runTag + "-" + user + "-" + n, "[]"))
                    .compose(id -> api.setState(rec, "set_state RUNNING", "/flow_runs/" + id + "/set_state",
                            PrefectBodies.flowRunRunning(id))
                            .compose(v -> api.setState(rec, "set_state COMPLETED", "/flow_runs/" + id + "/set_state",
                                    PrefectBodies.flowRunCompleted(id))));
        }
    }

    /** 3: {@code GET /flow_runs/{id}} of a random one of {@code --read-runs} runs. */
    static final class ReadFlowRun extends Scenario {
        private final PrefectApi api;
        private UUID[] ids;

        ReadFlowRun(PrefectApi api) {
            super("read-flow-run", "read one flow run by id", List.of("read_flow_run"));
            this.api = api;
        }

        @Override
        void setup(Setup s) throws Exception {
            UUID flow = s.flow("bench-read-" + s.runTag());
            ids = s.flowRuns(flow, s.options().readRuns(), i -> "[]").toArray(new UUID[0]);
        }

        @Override
        Future<Void> iteration(int user, Recorder rec) {
            UUID id = ids[ThreadLocalRandom.current().nextInt(ids.length)];
            return api.read(rec, "read_flow_run", "/flow_runs/" + id, id);
        }
    }

    /**
     * 4: {@code --filter-runs} runs of one flow, tagged {@code bench} and one of ten {@code shard-N} tags; each
     * request filters by the flow and a random shard tag, sorted by expected start time, limit 50.
     */
    static final class FilterFlowRuns extends Scenario {
        static final int SHARDS = 10;
        static final int LIMIT = 50;
        private final PrefectApi api;
        private String flowFilter;

        FilterFlowRuns(PrefectApi api) {
            super("filter-flow-runs", "filter flow runs by flow and tag, sorted by expected start time, limit 50",
                    List.of("filter_flow_runs"));
            this.api = api;
        }

        @Override
        void setup(Setup s) throws Exception {
            if (s.options().filterRuns() < SHARDS * LIMIT) {
                throw new IllegalArgumentException("--filter-runs must be at least " + SHARDS * LIMIT);
            }
            UUID flow = s.flow("bench-filter-" + s.runTag());
            s.flowRuns(flow, s.options().filterRuns(), i -> "[\"bench\", \"shard-" + i % SHARDS + "\"]");
            flowFilter = PrefectBodies.flowIdFilter(flow);
        }

        @Override
        Future<Void> iteration(int user, Recorder rec) {
            String tag = "shard-" + ThreadLocalRandom.current().nextInt(SHARDS);
            String body = PrefectBodies.flowRunsFilter(flowFilter, "{\"tags\": {\"all_\": [\"" + tag + "\"]}}",
                    "EXPECTED_START_TIME_DESC", LIMIT);
            return api.list(rec, "filter_flow_runs", "/flow_runs/filter", body, LIMIT).mapEmpty();
        }
    }

    /**
     * 5: over {@code --seed-runs} seeded runs (see {@link HistorySeed}) and whatever else the table holds, each
     * iteration asks what a dashboard asks: the last day's history by hour, the count of failed and crashed runs,
     * and the 50 runs latest by expected start time.
     */
    static final class History extends Scenario {
        static final String FAILED_OR_CRASHED = "{\"state\": {\"type\": {\"any_\": [\"FAILED\", \"CRASHED\"]}}}";
        private final PrefectApi api;

        History(PrefectApi api) {
            super("history", "history (1 day by 1 hour), count with a state filter and filter sorted by expected"
                    + " start time, over the seeded runs",
                    List.of("history 1d/1h", "count FAILED|CRASHED", "filter by expected start, limit 50"));
            this.api = api;
        }

        @Override
        void setup(Setup s) throws Exception {
            BenchOptions o = s.options();
            if (o.jdbcUrl() == null) {
                throw new IllegalArgumentException("the history scenario seeds the server's database: give"
                        + " --jdbc-url (or set QUARKUS_DATASOURCE_JDBC_URL)");
            }
            historyEnd = o.historyEnd();
            if (historyEnd != null) {
                System.out.printf("  no seeding: the day before %s, over the runs in the database%n", historyEnd);
                return;
            }
            UUID flow = s.flow(HistorySeed.FLOW_NAME);
            HistorySeed.ensure(o.jdbcUrl(), o.jdbcUser(), o.jdbcPassword(), flow, o.seedRuns(), o.reseed());
        }

        private java.time.Instant historyEnd;

        @Override
        Future<Void> iteration(int user, Recorder rec) {
            OffsetDateTime end = historyEnd == null ? OffsetDateTime.now(ZoneOffset.UTC)
                    : historyEnd.atOffset(ZoneOffset.UTC);
            return api.list(rec, "history 1d/1h", "/flow_runs/history",
                    PrefectBodies.history(end.minusDays(1), end, 3600), 24)
                    .compose(h -> api.number(rec, "count FAILED|CRASHED", "/flow_runs/count",
                            PrefectBodies.flowRunsCount(FAILED_OR_CRASHED)))
                    .compose(n -> api.list(rec, "filter by expected start, limit 50", "/flow_runs/filter",
                            PrefectBodies.flowRunsFilter("null", "null", "EXPECTED_START_TIME_DESC", 50), 50))
                    .mapEmpty();
        }
    }

    static List<Scenario> all(List<String> names, PrefectApi api) {
        List<Scenario> out = new ArrayList<>();
        names.forEach(n -> out.add(create(n, api)));
        return out;
    }
}
