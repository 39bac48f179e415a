package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.persistence.HistoryRepository;
import dev.orchestra.persistence.NativeQueries;
import dev.orchestra.persistence.query.EntityFilters;
import dev.orchestra.persistence.query.FlowRunQuery;
import dev.orchestra.persistence.query.RunCounts;
import dev.orchestra.persistence.query.Sql;
import dev.orchestra.persistence.query.TaskRunQuery;
import dev.orchestra.schemas.HistoryResponse;
import dev.orchestra.schemas.filters.DeploymentFilter;
import dev.orchestra.schemas.filters.FlowFilter;
import dev.orchestra.schemas.filters.FlowRunFilter;
import dev.orchestra.schemas.filters.TaskRunFilter;
import dev.orchestra.schemas.filters.WorkPoolFilter;
import dev.orchestra.schemas.filters.WorkQueueFilter;
import dev.orchestra.service.RunCountCompactionService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property test of the run counts: on random runs (random states, names, times, deployments and queues, some
 * RUNNING or late around now, then random updates and deletes, with compactions in between), the history and the
 * count read from the pre-aggregated counts equal the exact answers, for random windows (minute-aligned or not),
 * random interval lengths and every filter the counts can answer. Both answers are taken in one transaction, so
 * they see the same now().
 */
@QuarkusTest
class RunCountsPropertyTest {

    private static final String[] TYPES = {"SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED",
        "CRASHED", "PAUSED", "CANCELLING"};
    private static final String[] NAMES = {null, "Late", "Retrying", "AwaitingRetry", "Custom"};
    private static final double[] INTERVALS = {60, 120, 300, 3600, 90, 45, 37.5, 1800.25, 7, 86400};

    @Inject
    HistoryRepository history;
    @Inject
    NativeQueries queries;
    @Inject
    RunCountCompactionService compaction;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void historyAndCountsFromTheCountsEqualTheExactAnswers(long seed) throws Exception {
        Random random = new Random(seed);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String f1 = flow(unique("counts-f1"));
        String f2 = flow(unique("counts-f2"));
        String d1 = PortFixtures.deployment(f1);
        String d2 = PortFixtures.deployment(f2);
        String[] pool1 = PortFixtures.workPoolWithQueue();
        String[] flows = {f1, f2};
        Object[] deployments = {null, d1, d2};
        Object[] queues = {null, pool1[2]};
        List<String> flowRuns = new ArrayList<>();
        List<String> taskRuns = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = UUID.randomUUID().toString();
            sql("INSERT INTO flow_run (id, name, flow_id, deployment_id, work_queue_id) VALUES (?, ?, ?, ?, ?)", id,
                    unique("run"), flows[random.nextInt(2)], uuid(deployments[random.nextInt(3)]),
                    uuid(queues[random.nextInt(2)]));
            setColumns("flow_run", id, random, now);
            flowRuns.add(id);
            if (random.nextInt(3) == 0) {
                String task = UUID.randomUUID().toString();
                sql("INSERT INTO task_run (id, name, flow_run_id, task_key, dynamic_key) VALUES (?, ?, ?, 'k', ?)",
                        task, unique("task"), UUID.fromString(id), String.valueOf(i));
                setColumns("task_run", task, random, now);
                taskRuns.add(task);
            }
            if (i == 150) {
                compaction.runOnce().await().atMost(Duration.ofSeconds(30));
            }
        }
        for (int i = 0; i < 150; i++) {
            String id = flowRuns.get(random.nextInt(flowRuns.size()));
            switch (random.nextInt(4)) {
                case 0 -> sql("UPDATE flow_run SET deployment_id = ?, flow_id = ? WHERE id = ?",
                        uuid(deployments[random.nextInt(3)]), UUID.fromString(flows[random.nextInt(2)]),
                        UUID.fromString(id));
                case 1 -> sql("UPDATE flow_run SET name = ? WHERE id = ?", unique("renamed"), UUID.fromString(id));
                default -> setColumns("flow_run", id, random, now);
            }
            if (!taskRuns.isEmpty()) {
                setColumns("task_run", taskRuns.get(random.nextInt(taskRuns.size())), random, now);
            }
            if (i == 70) {
                compaction.runOnce().await().atMost(Duration.ofSeconds(30));
            }
        }
        for (int i = 0; i < 20; i++) {
            sql("DELETE FROM flow_run WHERE id = ?", UUID.fromString(flowRuns.remove(random.nextInt(flowRuns.size()))));
        }
        // a run without a state: counted by the exact part of a count, never in history
        PortFixtures.statelessFlowRun(f1);

        String[] flowFilters = {
            "{\"flows\": {\"id\": {\"any_\": [\"" + f1 + "\", \"" + f2 + "\"]}}}",
            "{\"flows\": {\"id\": {\"any_\": [\"" + f1 + "\"]}}}",
            "{\"flows\": {\"name\": {\"any_\": [\"" + name(f2) + "\"]}}, \"flow_runs\": {\"state\": {\"type\":"
                    + " {\"any_\": [\"FAILED\", \"CRASHED\"]}}}}",
            "{\"flows\": {\"id\": {\"any_\": [\"" + f1 + "\", \"" + f2 + "\"]}}, \"flow_runs\": {\"state\":"
                    + " {\"name\": {\"any_\": [\"Late\", \"Retrying\"]}}}}",
            "{\"deployments\": {\"id\": {\"any_\": [\"" + d1 + "\"]}}}",
            "{\"flows\": {\"id\": {\"any_\": [\"" + f2 + "\"]}}, \"flow_runs\": {\"deployment_id\": {\"is_null_\":"
                    + " true}}}",
            "{\"work_queues\": {\"id\": {\"any_\": [\"" + pool1[2] + "\"]}}}",
            "{\"work_pools\": {\"name\": {\"any_\": [\"" + pool1[1] + "\"]}}, \"flow_runs\": {\"operator\": \"or_\","
                    + " \"state\": {\"type\": {\"any_\": [\"RUNNING\"]}}, \"deployment_id\": {\"any_\": [\"" + d2
                    + "\"]}}}",
        };
        String[] taskFilters = {
            "{}",
            "{\"task_runs\": {\"state\": {\"type\": {\"any_\": [\"RUNNING\", \"SCHEDULED\", \"PENDING\"]}}}}",
            "{\"task_runs\": {\"state\": {\"operator\": \"or_\", \"type\": {\"any_\": [\"COMPLETED\"]}, \"name\":"
                    + " {\"any_\": [\"Late\"]}}}}",
        };
        int nonEmpty = 0;
        for (int q = 0; q < 40; q++) {
            boolean task = q % 4 == 3;
            String json = task ? taskFilters[random.nextInt(taskFilters.length)]
                    : flowFilters[random.nextInt(flowFilters.length)];
            EntityFilters filters = filters(json);
            String table = task ? TaskRunQuery.ALIAS : FlowRunQuery.ALIAS;
            Sql where = task ? TaskRunQuery.where(filters) : FlowRunQuery.where(filters);
            assertTrue(task ? RunCounts.answersTaskRuns(filters) : RunCounts.answersFlowRuns(filters), json);
            OffsetDateTime start = now.minusHours(4).plusSeconds(random.nextInt(3 * 3600));
            if (random.nextBoolean()) {
                start = start.truncatedTo(ChronoUnit.MINUTES);
            } else {
                start = start.plusNanos(random.nextInt(1_000_000) * 1000L);
            }
            double interval = INTERVALS[random.nextInt(INTERVALS.length)];
            OffsetDateTime end = start.plusSeconds(60 + random.nextInt(5 * 3600));
            OffsetDateTime s = start;
            List<List<HistoryResponse>> answers = pool.withTransaction(conn -> history
                    .history(conn, table, where, s, end, interval, false)
                    .chain(exact -> history.history(conn, table, where, s, end, interval, true)
                            .map(counted -> List.of(exact, counted))))
                    .await().atMost(Duration.ofSeconds(60));
            String what = table + " " + json + " from " + start + " to " + end + " by " + interval;
            assertEquals(answers.get(0), answers.get(1), what);
            nonEmpty += answers.get(0).stream().mapToInt(h -> h.states().size()).sum() > 0 ? 1 : 0;
            List<Long> counts = pool.withTransaction(conn -> queries.count(conn, task ? TaskRunQuery.count(filters)
                    : FlowRunQuery.count(filters)).chain(exact -> queries.count(conn, RunCounts.count(table, where))
                            .map(counted -> List.of(exact, counted))))
                    .await().atMost(Duration.ofSeconds(60));
            assertEquals(counts.get(0), counts.get(1), "count " + table + " " + json);
            if (q == 20) {
                compaction.runOnce().await().atMost(Duration.ofSeconds(30));
            }
        }
        assertTrue(nonEmpty > 20, "most windows hold runs: " + nonEmpty);
    }

    /** Random state columns, as orchestration could leave them (or not quite: negative run times too). */
    private static void setColumns(String table, String id, Random random, OffsetDateTime now) {
        String type = TYPES[random.nextInt(TYPES.length)];
        String name = NAMES[random.nextInt(NAMES.length)];
        OffsetDateTime expected = random.nextInt(10) == 0 ? null
                : now.minusSeconds(4 * 3600).plusNanos((long) (random.nextDouble() * 5 * 3600 * 1e9) / 1000 * 1000);
        if (random.nextInt(8) == 0) {
            expected = now.plusNanos((long) (random.nextDouble() * 40e9) / 1000 * 1000 - 20_000_000_000L);
        }
        OffsetDateTime start = expected == null || random.nextInt(3) == 0 ? null
                : expected.plusNanos((long) ((random.nextDouble() - 0.3) * 120e9) / 1000 * 1000);
        OffsetDateTime stateTimestamp = now.minusNanos((long) (random.nextDouble() * 3600e9) / 1000 * 1000);
        // a negative total run time (clamped per run) only off RUNNING: a running run's estimate adds the time
        // since its state timestamp, and the counts sum that without the per-run clamp (see README)
        double runTime = random.nextInt(10) == 0 && !type.equals("RUNNING") ? -5 : random.nextDouble() * 600;
        sql("UPDATE " + table + " SET state_type = ?::state_type, state_name = ?, state_timestamp = ?,"
                + " expected_start_time = ?, start_time = ?, total_run_time = make_interval(secs => ?)"
                + " WHERE id = ?", type, name == null ? type.charAt(0) + type.substring(1).toLowerCase() : name,
                stateTimestamp, expected, start, Math.round(runTime * 1e6) / 1e6, UUID.fromString(id));
    }

    private EntityFilters filters(String json) throws Exception {
        var node = mapper.readTree(json);
        return new EntityFilters(read(node, "flows", FlowFilter.class), read(node, "flow_runs", FlowRunFilter.class),
                read(node, "task_runs", TaskRunFilter.class), read(node, "deployments", DeploymentFilter.class),
                read(node, "work_pools", WorkPoolFilter.class), read(node, "work_queues", WorkQueueFilter.class));
    }

    private <T> T read(com.fasterxml.jackson.databind.JsonNode node, String key, Class<T> type) throws Exception {
        return node.has(key) ? mapper.treeToValue(node.get(key), type) : null;
    }

    private static String name(String flowId) {
        return (String) PortFixtures.query("SELECT name FROM flow WHERE id = ?", flowId).get(0).get(0);
    }

    private static UUID uuid(Object id) {
        return id == null ? null : UUID.fromString((String) id);
    }
}
