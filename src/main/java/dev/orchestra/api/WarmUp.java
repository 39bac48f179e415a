package dev.orchestra.api;

import dev.orchestra.config.AuthConfig;
import dev.orchestra.persistence.pool.RolledBackSession;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * The warm-up ({@code orchestra.warm-up.duration}; off when zero): as soon as the HTTP server listens, the
 * server sends itself what a Prefect client and a dashboard send most (task runs created PENDING in a RUNNING
 * flow run and set RUNNING then COMPLETED, flow runs likewise, a run read, filtered, counted, the run history)
 * for that long, as {@code orchestra.warm-up.users} clients at once, so that the JIT has compiled the hot paths
 * before the first real client comes; readiness ({@code /q/health/ready}) is DOWN until it ends. The requests go
 * through every layer of the server, but each user's statements run in one transaction that is rolled back at
 * the end ({@link RolledBackSession}): nothing they write is committed or seen by any other connection, and the
 * orchestration metrics do not count them. A request belongs to a warm-up user by that user's random token in
 * {@value #HEADER}, valid while it runs.
 */
@Singleton
public class WarmUp {

    static final String HEADER = "X-Orchestra-Warm-Up";
    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    /** One flow run's lifecycle, a read, a filter and a count every this many task runs; the history every 8x. */
    private static final int FLOW_RUN_EVERY = 4;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration duration;
    private final int users;
    private final Vertx vertx;
    private final Pool pool;
    private final Optional<String> authorization;
    private final String root;
    /** Plain HTTP only redirects to HTTPS ({@code quarkus.http.insecure-requests=redirect}): warm up over HTTPS. */
    private final boolean httpRedirects;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean finished;
    private volatile boolean stopping;
    private final AtomicInteger iterations = new AtomicInteger();
    private volatile String failure;
    /** The sessions of the warm-up's users by their tokens, while they run. */
    private final Map<String, RolledBackSession> sessions = new ConcurrentHashMap<>();

    public WarmUp(@ConfigProperty(name = "orchestra.warm-up.duration", defaultValue = "0s") Duration duration,
            @ConfigProperty(name = "orchestra.warm-up.users", defaultValue = "4") int users,
            @ConfigProperty(name = "quarkus.datasource.reactive.max-size", defaultValue = "20") int poolSize,
            Vertx vertx, Pool pool, AuthConfig auth,
            @ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/") String rootPath,
            @ConfigProperty(name = "quarkus.http.insecure-requests") Optional<String> insecureRequests) {
        this.duration = duration;
        // each user holds a connection for the whole warm-up: leave at least half the pool to everyone else
        this.users = Math.max(1, Math.min(users, poolSize / 2));
        this.vertx = vertx;
        this.pool = pool;
        this.authorization = duration.isZero() || duration.isNegative() ? Optional.empty()
                : ApiAuthFilter.authorization(auth);
        this.root = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
        this.finished = duration.isZero() || duration.isNegative();
        this.httpRedirects = insecureRequests.filter("redirect"::equalsIgnoreCase).isPresent();
    }

    /** The session of a request carrying {@code header} (the token of a warm-up user running now), else null. */
    RolledBackSession session(String header) {
        if (header == null || sessions.isEmpty()) {
            return null;
        }
        byte[] presented = header.getBytes(StandardCharsets.US_ASCII);
        RolledBackSession found = null;
        for (Map.Entry<String, RolledBackSession> user : sessions.entrySet()) {
            if (MessageDigest.isEqual(user.getKey().getBytes(StandardCharsets.US_ASCII), presented)) {
                found = user.getValue();
            }
        }
        return found;
    }

    /** Whether the warm-up is off or over. */
    boolean finished() {
        return finished;
    }

    /** Iterations sent so far (each: a task run's lifecycle; every fourth also a flow run's and reads). */
    int iterations() {
        return iterations.get();
    }

    /** Why the warm-up stopped before its time (a request not answered as expected), or null. */
    String failure() {
        return failure;
    }

    /** Ready when the warm-up is off or over; until then DOWN, with the iterations sent so far. */
    HealthCheckResponse readiness() {
        if (finished) {
            return HealthCheckResponse.up("warm-up");
        }
        return HealthCheckResponse.named("warm-up").down().withData("iterations", iterations.get()).build();
    }

    /** {@code /q/health/ready}'s check of the warm-up. */
    @Readiness
    @Singleton
    static class Check implements HealthCheck {

        private final WarmUp warmUp;

        Check(WarmUp warmUp) {
            this.warmUp = warmUp;
        }

        @Override
        public HealthCheckResponse call() {
            return warmUp.readiness();
        }
    }

    void httpStarted(@ObservesAsync HttpServerStart start) {
        // where plain HTTP only redirects, the HTTPS server is the one to warm up (Quarkus does not start with
        // that setting unless TLS is configured, so its start event comes too)
        if (!httpRedirects) {
            start(start.options(), false);
        }
    }

    /**
     * A server whose plain HTTP is disabled or only redirects is warmed up over HTTPS, trusting its own
     * certificate.
     */
    void httpsStarted(@ObservesAsync HttpsServerStart start) {
        start(start.options(), true);
    }

    private void start(HttpServerOptions server, boolean tls) {
        if (finished || !started.compareAndSet(false, true)) {
            return;
        }
        String host = server.getHost();
        String target = host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        int port = server.getPort();
        if (port <= 0) {
            LOG.info("Warm-up skipped: the HTTP port is chosen at random, and the server cannot address itself");
            finished = true;
            return;
        }
        // over TLS to itself: the server's own certificate, whatever name it was made for
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(target)
                .setDefaultPort(port).setDecompressionSupported(true).setMaxPoolSize(users).setKeepAlive(true)
                .setSsl(tls).setTrustAll(tls).setVerifyHost(false));
        Instant began = Instant.now();
        Instant until = began.plus(duration);
        LOG.infof("Warm-up for %d s: the server sends itself its clients' most frequent requests, %d at a time, all"
                + " rolled back; ready when it ends", duration.toSeconds(), users);
        List<Future<Void>> all = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            all.add(user(client, until));
        }
        Future.join(all).onComplete(done -> {
            client.close();
            finished = true;
            long ms = Duration.between(began, Instant.now()).toMillis();
            if (done.succeeded() || stopping) {
                LOG.infof("Warm-up done: %d iterations in %d ms, nothing kept", iterations.get(), ms);
            } else {
                failure = String.valueOf(done.cause().getMessage());
                LOG.warnf("Warm-up stopped after %d iterations (%d ms), nothing kept: %s", iterations.get(), ms,
                        failure);
            }
        });
    }

    /** One user of the warm-up: its own token and session, its own flow run, until {@code until}. */
    private Future<Void> user(HttpClient client, Instant until) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        return RolledBackSession.open(pool.getDelegate()).compose(session -> {
            sessions.put(token, session);
            Requests requests = new Requests(client, token);
            return requests.setUp().compose(run -> loop(requests, run, 0, until)).eventually(() -> {
                sessions.remove(token);
                return session.rollBack();
            });
        });
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    private Future<Void> loop(Requests requests, FlowRun run, int i, Instant until) {
        if (stopping || !Instant.now().isBefore(until)) {
            return Future.succeededFuture();
        }
        Future<Void> iteration = requests.taskRunLifecycle(run.id, i);
        if (i % FLOW_RUN_EVERY == 0) {
            iteration = iteration.compose(v -> requests.flowRunLifecycle(run.flowId, i))
                    .compose(v -> requests.reads(run.flowId, i % (8 * FLOW_RUN_EVERY) == 0));
        }
        return iteration.compose(v -> {
            iterations.incrementAndGet();
            return loop(requests, run, i + 1, until);
        });
    }

    private record FlowRun(String flowId, String id) {
    }

    /** The warm-up's requests, over one keep-alive connection, as a Prefect 2 client would send them. */
    private final class Requests {

        private final HttpClient client;
        private final String header;

        Requests(HttpClient client, String header) {
            this.client = client;
            this.header = header;
        }

        /** A flow of its own (a name no other server uses) and a RUNNING flow run for the task runs. */
        Future<FlowRun> setUp() {
            String name = "orchestra-warm-up-" + UUID.randomUUID();
            return send(HttpMethod.POST, "/flows/", new JsonObject().put("name", name).put("tags", new JsonArray()))
                    .map(flow -> flow.getString("id"))
                    .compose(flowId -> createFlowRun(flowId, 0).compose(runId -> setState("flow_runs", runId,
                            "RUNNING", "Running").map(v -> new FlowRun(flowId, runId))));
        }

        Future<Void> taskRunLifecycle(String flowRunId, int i) {
            JsonObject body = new JsonObject().put("name", "warm-up-" + i).put("flow_run_id", flowRunId)
                    .put("task_key", "warm-up").put("dynamic_key", Integer.toString(i))
                    .put("state", state("PENDING", "Pending")).put("tags", new JsonArray())
                    .put("task_inputs", new JsonObject());
            return send(HttpMethod.POST, "/task_runs/", body).map(run -> run.getString("id"))
                    .compose(id -> setState("task_runs", id, "RUNNING", "Running")
                            .compose(v -> setState("task_runs", id, "COMPLETED", "Completed")));
        }

        Future<Void> flowRunLifecycle(String flowId, int i) {
            return createFlowRun(flowId, i).compose(id -> setState("flow_runs", id, "RUNNING", "Running")
                    .compose(v -> setState("flow_runs", id, "COMPLETED", "Completed"))
                    .compose(v -> send(HttpMethod.GET, "/flow_runs/" + id, null)).mapEmpty());
        }

        /** The filter of a flow's latest runs and the count of its failed ones; with {@code history}, a day by hour. */
        Future<Void> reads(String flowId, boolean history) {
            JsonObject flows = new JsonObject().put("id", new JsonObject().put("any_", new JsonArray().add(flowId)));
            JsonObject failed = new JsonObject().put("state", new JsonObject().put("type",
                    new JsonObject().put("any_", new JsonArray().add("FAILED").add("CRASHED"))));
            Future<Void> reads = send(HttpMethod.POST, "/flow_runs/filter", new JsonObject().put("flows", flows)
                    .put("sort", "EXPECTED_START_TIME_DESC").put("limit", 50))
                    .compose(v -> send(HttpMethod.POST, "/flow_runs/count", new JsonObject().put("flow_runs", failed)))
                    .mapEmpty();
            if (!history) {
                return reads;
            }
            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            JsonObject window = new JsonObject().put("history_start", end.minus(Duration.ofDays(1)).toString())
                    .put("history_end", end.toString()).put("history_interval_seconds", 3600.0);
            return reads.compose(v -> send(HttpMethod.POST, "/flow_runs/history", window)).mapEmpty();
        }

        private Future<String> createFlowRun(String flowId, int i) {
            JsonObject body = new JsonObject().put("name", "warm-up-" + i).put("flow_id", flowId)
                    .put("state", state("PENDING", "Pending")).put("parameters", new JsonObject())
                    .put("tags", new JsonArray());
            return send(HttpMethod.POST, "/flow_runs/", body).map(run -> run.getString("id"));
        }

        private Future<Void> setState(String kind, String id, String type, String name) {
            return send(HttpMethod.POST, "/" + kind + "/" + id + "/set_state",
                    new JsonObject().put("state", state(type, name)).put("force", false))
                    .compose(result -> "ACCEPT".equals(result.getString("status")) ? Future.succeededFuture()
                            : Future.failedFuture(type + " of " + kind + " not accepted: " + result.encode()));
        }

        private JsonObject state(String type, String name) {
            return new JsonObject().put("type", type).put("name", name).put("message", null)
                    .put("state_details", new JsonObject()).put("data", null);
        }

        /** Sends one request; its JSON answer (an array's as {@code {"items": [...]}}), or a failure if not 2xx. */
        private Future<JsonObject> send(HttpMethod method, String path, JsonObject body) {
            RequestOptions options = new RequestOptions().setMethod(method).setURI(root + "/api" + path)
                    .putHeader(HEADER, header).putHeader(HttpHeaders.ACCEPT_ENCODING, "gzip")
                    .putHeader(HttpHeaders.USER_AGENT, "orchestra-warm-up");
            authorization.ifPresent(value -> options.putHeader(HttpHeaders.AUTHORIZATION, value));
            if (body != null) {
                options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
            }
            return client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
                    .compose(response -> response.body().compose(content -> {
                        if (response.statusCode() / 100 != 2) {
                            return Future.failedFuture(method + " " + path + " answered " + response.statusCode()
                                    + ": " + content.toString(StandardCharsets.UTF_8));
                        }
                        return Future.succeededFuture(json(content));
                    }));
        }

        private JsonObject json(Buffer content) {
            Object value = content.length() == 0 ? null : content.toJson();
            return value instanceof JsonObject object ? object : new JsonObject().put("items", value);
        }
    }
}
