package dev.orchestra.api;

import static dev.orchestra.api.PortFixtures.flow;
import static dev.orchestra.api.PortFixtures.json;
import static dev.orchestra.api.PortFixtures.query;
import static dev.orchestra.api.PortFixtures.sql;
import static dev.orchestra.api.PortFixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestra.schemas.ScheduleDates;
import dev.orchestra.service.background.RecentDeploymentsScheduler;
import dev.orchestra.service.background.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestra.persistence.RunMapper;

/**
 * Port of Prefect's tests/server/services/test_scheduler.py: one pass of the {@code Scheduler} or the
 * {@code RecentDeploymentsScheduler} (both disabled as loops in tests), each test looking at its own deployments.
 */
@QuarkusTest
class SchedulerServicePortTest {

    @Inject
    Scheduler scheduler;

    @Inject
    RecentDeploymentsScheduler recent;

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static String deployment(String flowId, Map<String, Object> schedule, Object... more) {
        Map<String, Object> body = json("name", unique("test"), "flow_id", flowId, "schedule", schedule);
        body.putAll(json(more));
        return DeploymentSchedulingPortTest.post("/api/deployments/", body).statusCode(201).extract().path("id");
    }

    static Map<String, Object> interval(double seconds, Object... more) {
        Map<String, Object> s = json("interval", seconds);
        s.putAll(json(more));
        return s;
    }

    static long runsOf(String deploymentId) {
        return (Long) query("SELECT count(*) FROM flow_run WHERE deployment_id = ?", deploymentId).get(0).get(0);
    }

    static Set<OffsetDateTime> times(List<ZonedDateTime> dates) {
        Set<OffsetDateTime> out = new TreeSet<>();
        dates.forEach(d -> out.add(d.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC)));
        return out;
    }

    static ObjectNode schedule(String deploymentId) {
        return (ObjectNode) RunMapper.tree((String) query("SELECT schedule::text FROM deployment WHERE id = ?",
                deploymentId).get(0).get(0));
    }

    void run(dev.orchestra.service.background.LoopService s) {
        s.runOnce().await().atMost(Duration.ofSeconds(60));
    }

    @Test
    void test_create_schedules_from_deployment() {
        String d = deployment(flow(), interval(3600));
        assertEquals(0, runsOf(d));
        OffsetDateTime start = now();
        run(scheduler);
        assertEquals(3, runsOf(d));
        Set<OffsetDateTime> expected = times(ScheduleDates.list(schedule(d), start, null, 3));
        assertEquals(expected, DeploymentSchedulingPortTest.scheduledTimesOf(d));
        assertEquals(List.of(List.of("Scheduled")), query("SELECT DISTINCT state_name FROM flow_run"
                + " WHERE deployment_id = ?", d), "Scheduler sets flow_run.state_name");
    }

    @Test
    void test_create_schedule_respects_max_future_time() {
        String d = deployment(flow(), interval(30 * 86400, "anchor_date", now().toString()));
        OffsetDateTime start = now();
        run(scheduler);
        assertEquals(3, runsOf(d));
        assertEquals(times(ScheduleDates.list(schedule(d), start, start.plusDays(100), 100)),
                DeploymentSchedulingPortTest.scheduledTimesOf(d));
    }

    @Test
    void test_create_schedules_from_multiple_deployments() {
        String flow1 = flow();
        String flow2 = flow();
        List<String> ds = List.of(deployment(flow1, interval(3600)), deployment(flow1, interval(10 * 86400)),
                deployment(flow2, interval(5 * 86400)));
        OffsetDateTime start = now();
        run(scheduler);
        for (String d : ds) {
            assertEquals(times(ScheduleDates.list(schedule(d), start, start.plusDays(100), 3)),
                    DeploymentSchedulingPortTest.scheduledTimesOf(d));
        }
    }

    @Test
    void test_create_schedules_from_multiple_deployments_in_batches() {
        String flowId = flow();
        List<String> ds = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ds.add(deployment(flowId, interval(3600)));
        }
        run(scheduler);
        for (String d : ds) {
            assertEquals(3, runsOf(d));
        }
    }

    @Test
    void test_scheduler_respects_schedule_is_active() {
        String d = deployment(flow(), interval(3600), "is_schedule_active", false);
        run(scheduler);
        assertEquals(0, runsOf(d));
    }

    @Test
    void test_scheduler_runs_when_too_few_scheduled_runs_but_doesnt_overwrite() {
        String d = deployment(flow(), interval(3600));
        run(scheduler);
        run(scheduler);
        assertEquals(3, runsOf(d));
        String first = (String) query("SELECT id::text FROM flow_run WHERE deployment_id = ?"
                + " ORDER BY next_scheduled_start_time LIMIT 1", d).get(0).get(0);
        PortFixtures.setFlowState(first, Map.of("type", "CANCELLED")).statusCode(201);
        run(scheduler);
        assertEquals(List.of(List.of("CANCELLED", 1L), List.of("SCHEDULED", 2L)), query("SELECT state_type::text,"
                + " count(*) FROM flow_run WHERE deployment_id = ? GROUP BY 1 ORDER BY 1", d));
    }

    @Test
    void a_second_instance_or_loop_creates_no_run_twice() {
        String d = deployment(flow(), interval(600));
        List<io.smallrye.mutiny.Uni<Integer>> passes = List.of(scheduler.runOnce(), recent.runOnce(),
                scheduler.runOnce());
        io.smallrye.mutiny.Uni.join().all(passes).andCollectFailures().await().atMost(Duration.ofSeconds(60));
        assertEquals(7, runsOf(d), "10-minute runs until an hour ahead: 7, each once");
        assertEquals(List.of(List.of(7L)), query("SELECT count(DISTINCT idempotency_key) FROM flow_run"
                + " WHERE deployment_id = ?", d));
    }

    @Test
    void cron_and_rrule_schedules_are_scheduled() {
        String cron = deployment(flow(), json("cron", "*/15 * * * *", "timezone", "America/New_York"));
        String rrule = deployment(flow(), json("rrule", "FREQ=HOURLY;BYMINUTE=30", "timezone", "Europe/Paris"));
        run(scheduler);
        assertEquals(5, runsOf(cron), "every 15 minutes until an hour ahead");
        for (OffsetDateTime t : DeploymentSchedulingPortTest.scheduledTimesOf(cron)) {
            assertEquals(0, t.getMinute() % 15);
            assertEquals(0, t.getSecond());
        }
        assertEquals(3, runsOf(rrule));
        for (OffsetDateTime t : DeploymentSchedulingPortTest.scheduledTimesOf(rrule)) {
            assertEquals(30, t.getMinute());
        }
    }

    // ---- TestRecentDeploymentsScheduler

    @Test
    void test_tight_loop_by_default() {
        assertEquals(5.0, recent.loopSeconds());
    }

    @Test
    void test_schedules_runs_for_recently_created_deployments() {
        String d = DeploymentSchedulingPortTest.dailyDeployment(flow());
        run(recent);
        assertEquals(3, runsOf(d));
    }

    @Test
    void test_schedules_runs_for_recently_updated_deployments() {
        String d = DeploymentSchedulingPortTest.dailyDeployment(flow());
        sql("UPDATE deployment SET created = now() - interval '1 hour' WHERE id = ?", d);
        run(recent);
        assertEquals(3, runsOf(d));
    }

    @Test
    void test_schedules_no_runs_for_deployments_updated_a_while_ago() {
        String d = DeploymentSchedulingPortTest.dailyDeployment(flow());
        sql("UPDATE deployment SET updated = now() - interval '1 minute' WHERE id = ?", d);
        run(recent);
        assertEquals(0, runsOf(d));
    }

    // ---- TestScheduleRulesWaterfall

    @ParameterizedTest
    @CsvSource({"60, 61", "3600, 3", "300, 13", "5184000, 2"})
    void test_create_schedule_respects_max_future_time(double interval, long n) {
        String d = deployment(flow(), interval(interval, "anchor_date", now().plusSeconds(30).toString()));
        run(scheduler);
        assertEquals(n, runsOf(d));
        assertTrue(n > 0);
    }
}
