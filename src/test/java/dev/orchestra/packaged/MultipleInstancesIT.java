package dev.orchestra.packaged;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three packaged servers (three processes) on one PostgreSQL database behave as one server: the clients below
 * send each request to the next instance in turn, so the requests of one race land on different instances,
 * and only the database's row locks and constraints can keep the outcome right. At the end each instance's
 * resident memory and CPU time are printed (the figures the chart's resource requests come from).
 */
class MultipleInstancesIT {

    private static final List<PackagedServer> SERVERS = new ArrayList<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    @BeforeAll
    static void startThree() throws Exception {
        String url = TestPostgres.url(TestPostgres.createDatabase("replicas"));
        // the first migrates the schema; the other two then start against it at the same time
        SERVERS.add(PackagedServer.start(Map.of("ORCHESTRA_DATABASE_URL", url)).awaitListening(Duration.ofSeconds(120)));
        SERVERS.add(PackagedServer.start(Map.of("ORCHESTRA_DATABASE_URL", url)));
        SERVERS.add(PackagedServer.start(Map.of("ORCHESTRA_DATABASE_URL", url)));
        for (PackagedServer server : SERVERS) {
            server.awaitListening(Duration.ofSeconds(120));
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (PackagedServer server : SERVERS) {
            System.out.printf("instance %d: %s, CPU %.1f s%n", server.pid(), rss(server.pid()), cpuSeconds(server.pid()));
            server.output().lines().filter(l -> l.contains("ERROR") || l.startsWith("Caused by")).limit(20)
                    .forEach(System.out::println);
            server.close();
        }
    }

    /** A request with a JSON body to the next instance, round-robin. */
    private static RequestSpecification api() {
        return read().contentType(ContentType.JSON);
    }

    /** A request without a body to the next instance, round-robin. */
    private static RequestSpecification read() {
        return given().baseUri(SERVERS.get(Math.floorMod(NEXT.getAndIncrement(), SERVERS.size())).baseUrl());
    }

    @Test
    void parallelPendingProposalsOnOneRunAcceptExactlyOne() throws Exception {
        String flowId = flow();
        String runId = api().body(Map.of("flow_id", flowId, "state", Map.of("type", "SCHEDULED")))
                .post("/api/flow_runs/").then().statusCode(201).extract().path("id");
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(() -> api().body(Map.of("state", Map.of("type", "PENDING")))
                    .post("/api/flow_runs/{id}/set_state", runId));
        }
        int accepted = 0;
        for (Response r : inParallel(calls, 12)) {
            if ("ACCEPT".equals(r.path("status"))) {
                accepted++;
            } else {
                assertEquals("ABORT", r.<String>path("status"), r.asString());
            }
        }
        assertEquals(1, accepted);
        List<String> types = read().queryParam("flow_run_id", runId).get("/api/flow_run_states/").then()
                .statusCode(200).extract().path("type");
        assertEquals(List.of("SCHEDULED", "PENDING"), types);
    }

    @Test
    void aTagLimitOfThreeHoldsAcrossInstances() throws Exception {
        String tag = "replicas-" + UUID.randomUUID();
        api().body(Map.of("tag", tag, "concurrency_limit", 3)).post("/api/concurrency_limits/").then().statusCode(200);
        String flowRunId = api().body(Map.of("flow_id", flow(), "state", Map.of("type", "RUNNING")))
                .post("/api/flow_runs/").then().statusCode(201).extract().path("id");
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            tasks.add(api().body(Map.of("flow_run_id", flowRunId, "task_key", "t" + i, "dynamic_key", "0", "tags",
                    List.of(tag), "state", Map.of("type", "PENDING"))).post("/api/task_runs/").then().statusCode(201)
                    .extract().path("id"));
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (String id : tasks) {
            calls.add(() -> {
                while (!"ACCEPT".equals(api().body(Map.of("state", Map.of("type", "RUNNING")))
                        .post("/api/task_runs/{id}/set_state", id).path("status"))) {
                    Thread.sleep(10);
                }
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(5);
                running.decrementAndGet();
                api().body(Map.of("state", Map.of("type", "COMPLETED"))).post("/api/task_runs/{id}/set_state", id)
                        .then().statusCode(201);
                return 1;
            });
        }
        assertEquals(60, inParallel(calls, 20).stream().mapToInt(Integer::intValue).sum());
        assertTrue(maxRunning.get() <= 3, "more than 3 running at once (counted by the clients): " + maxRunning);
        List<String> slots = read().get("/api/concurrency_limits/tag/{tag}", tag).then().statusCode(200).extract()
                .path("active_slots");
        assertEquals(List.of(), slots, "no slot left");
    }

    @Test
    void parallelIdempotentCreatesMakeOneRun() throws Exception {
        String flowId = flow();
        String key = "replicas-" + UUID.randomUUID();
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(() -> api().body(Map.of("flow_id", flowId, "idempotency_key", key, "state",
                    Map.of("type", "SCHEDULED"))).post("/api/flow_runs/").then().extract().path("id"));
        }
        Set<String> ids = new HashSet<>(inParallel(calls, 12));
        assertEquals(1, ids.size(), "one run: " + ids);
        int count = api().body(Map.of("flows", Map.of("id", Map.of("any_", List.of(flowId)))))
                .post("/api/flow_runs/count").then().statusCode(200).extract().as(Integer.class);
        assertEquals(1, count);
    }

    private static String flow() {
        return api().body(Map.of("name", "replicas-" + UUID.randomUUID())).post("/api/flows/").then().statusCode(201)
                .extract().path("id");
    }

    private static <T> List<T> inParallel(List<Callable<T>> calls, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(180, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String rss(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "status")).lines()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " "))
                    .reduce((a, b) -> a + ", " + b).orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static double cpuSeconds(long pid) {
        try {
            String[] stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat")).split("\\) ")[1].split(" ");
            return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
