package dev.orchestra.replay;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.orchestra.config.OrchestraClock;
import dev.orchestra.config.Timestamps;
import dev.orchestra.service.background.RecentDeploymentsScheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the recorded traffic of the unmodified Prefect client ({@code ../shared/fixtures/prefect-client-traces})
 * against this server, in order: ids in later requests are mapped from this server's earlier answers, flow
 * names and limit tags get a per-run suffix (so a database with earlier runs answers the same), and every
 * answer is compared with the recorded one: status exactly; bodies field by field, ids and timestamps by
 * shape, durations by type, everything else (types, names, statuses, details, counts, messages) by value.
 * Where Prefect answered WAIT for a full tag concurrency limit and the client asked again later, this server's
 * slot waiters hold the first request instead: it is sent in the background, and its answer is compared with the
 * recorded answer of the client's later try (which is not sent).
 */
@QuarkusTest
class ClientTraceReplayTest {

    static final Path TRACES = Path.of("../shared/fixtures/prefect-client-traces");
    static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?\\+00:00");
    /** Fields whose value depends on timing, compared by type only. */
    static final List<String> TIMING = List.of("estimated_run_time", "estimated_start_time_delta", "total_run_time");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern FIXTURE_NAME = Pattern.compile("(?<![\\w-])(ref-[a-z]+(?:-[a-z]+)*)(?![\\w-])");
    /** One suffix per test run: the traces ran one after another against one recorded server. */
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    OrchestraClock clock;

    /** The scheduler pass a trace of server-made runs needs (the test profile runs no scheduler loop). */
    @Inject
    RecentDeploymentsScheduler recentDeploymentsScheduler;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /**
     * Traces recorded against this server (the worker, runner and cancellation scenarios, h_* to j_*), kept in
     * the project: several client processes, server-made runs and polling, so their reads are retried until the
     * server has caught up (see {@link Replay#send}). A trace of runs the server's scheduler made (h_schedule)
     * gets one scheduler pass, at the time the recorded server made the first of them.
     */
    static final Path OWN_TRACES = Path.of("src/test/resources/traces");
    static final String OWN = "own/";

    static Stream<String> traces() throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(TRACES)) {
            try (Stream<Path> files = Files.list(TRACES)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl"))
                        .filter(n -> !n.startsWith("f_resume")).sorted().forEach(names::add);
            }
        } else {
            names.add("missing");
        }
        try (Stream<Path> files = Files.list(OWN_TRACES)) {
            files.map(p -> OWN + p.getFileName()).filter(n -> n.endsWith(".jsonl")).sorted().forEach(names::add);
        }
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("traces")
    void replay(String trace) throws IOException {
        assumeTrue(!trace.equals("missing"), "no traces at " + TRACES.toAbsolutePath());
        List<JsonNode> exchanges = read(trace);
        if (trace.startsWith("f_pause")) {
            // the other process's resume, merged in at the time it happened
            exchanges.addAll(read("f_resume.jsonl"));
            exchanges.sort(java.util.Comparator.comparingDouble(e -> e.get("ts").asDouble()));
        }
        Replay replay = new Replay(SUFFIX);
        replay.retryReads = trace.startsWith(OWN);
        if (replay.retryReads) {
            // several processes' requests overlapped: a write takes effect when it ends, a read sees the state
            // when it starts, so a read that ran beside a write is replayed before it when it started earlier
            exchanges.sort(java.util.Comparator.comparingDouble(e -> Replay.isRead(e.get("method").asText(),
                    e.get("path").asText()) ? e.get("ts").asDouble()
                            : e.get("ts").asDouble() + e.get("ms").asDouble() / 1000));
        }
        seedBlocks(exchanges);
        double recordedStart = exchanges.get(0).get("ts").asDouble();
        replay.timeShiftMicros = (long) ((System.currentTimeMillis() / 1000.0 - recordedStart) * 1e6);
        long realStart = System.nanoTime();
        boolean[] done = new boolean[exchanges.size()];
        // a trace of runs the recorded server's scheduler made (h_schedule): one pass, before the first answer
        // that shows one, at the time the recording's pass made them
        Double schedulerPass = replay.retryReads ? firstAutoScheduledRun(exchanges) : null;
        for (int i = 0; i < exchanges.size(); i++) {
            if (done[i]) {
                continue;
            }
            int step = i + 1;
            JsonNode exchange = exchanges.get(i);
            if (schedulerPass != null && autoScheduledRun(exchange.get("resp_body")) != null) {
                keepUpWith(schedulerPass - recordedStart, realStart);
                int inserted = recentDeploymentsScheduler.runOnce().await().atMost(Duration.ofSeconds(60));
                assertTrue(inserted > 0, trace + " #" + step + ": the scheduler pass made no runs");
                schedulerPass = null;
            }
            // the server's clock runs at least as far as the recording's did: a client that waited out a
            // retry delay or a WAIT is replayed without sleeping
            keepUpWith(exchange.get("ts").asDouble() - recordedStart, realStart);
            if (replay.retryReads && Replay.isRead(exchange.get("method").asText(), exchange.get("path").asText())) {
                // a read that already saw a write it overlapped: the write goes first
                double readEnd = exchange.get("ts").asDouble() + exchange.get("ms").asDouble() / 1000;
                for (int j = i + 1; j < exchanges.size() && !replay.readMatches(exchange); j++) {
                    JsonNode later = exchanges.get(j);
                    if (later.get("ts").asDouble() > readEnd) {
                        break;
                    }
                    if (!done[j] && !Replay.isRead(later.get("method").asText(), later.get("path").asText())) {
                        replay.send(trace + " #" + (j + 1), later);
                        done[j] = true;
                    }
                }
            }
            replay.send(trace + " #" + step, exchange);
        }
        assertEquals(Map.of(), replay.held, "held requests the trace never asked again");
    }

    /**
     * Sets the server's clock at least {@code recordedElapsed} seconds after the replay's start, as far as the
     * recording's was at that point.
     */
    private void keepUpWith(double recordedElapsed, long realStart) {
        double realElapsed = (System.nanoTime() - realStart) / 1e9;
        long aheadMicros = (long) (Math.max(0, recordedElapsed - realElapsed) * 1e6);
        clock.use(Clock.offset(Clock.systemUTC(), Duration.ofNanos(aheadMicros * 1000)));
    }

    /** When (epoch seconds) the recorded server made the first auto-scheduled run the trace shows, or null. */
    static Double firstAutoScheduledRun(List<JsonNode> exchanges) {
        for (JsonNode exchange : exchanges) {
            JsonNode run = autoScheduledRun(exchange.get("resp_body"));
            if (run != null) {
                java.time.Instant created = Timestamps.parse(run.get("created").asText()).toInstant();
                return created.getEpochSecond() + created.getNano() / 1e9;
            }
        }
        return null;
    }

    /** The first run the server's scheduler made in a recorded answer (a flow run or a list of them), or null. */
    static JsonNode autoScheduledRun(JsonNode answer) {
        if (answer == null || answer.isNull()) {
            return null;
        }
        for (JsonNode run : answer.isArray() ? answer : List.of(answer)) {
            if (run.isObject() && run.path("auto_scheduled").asBoolean()) {
                return run;
            }
        }
        return null;
    }

    /**
     * The recorded server had Prefect's built-in block types registered (the client found local-file-system
     * by slug); register the ones the trace reads through the API first, from the recorded answers.
     */
    static void seedBlocks(List<JsonNode> exchanges) {
        for (JsonNode exchange : exchanges) {
            String path = exchange.get("path").asText();
            JsonNode answer = exchange.get("resp_body");
            if (path.startsWith("/api/block_types/slug/") && exchange.get("status").asInt() == 200) {
                ObjectNode type = JSON.createObjectNode();
                for (String key : List.of("name", "slug", "logo_url", "documentation_url", "description",
                        "code_example")) {
                    type.set(key, answer.get(key));
                }
                int status = given().contentType("application/json").body(type.toString()).post("/api/block_types/")
                        .statusCode();
                assertTrue(status == 201 || status == 409, "block type seed: " + status);
            }
            if (path.startsWith("/api/block_schemas/checksum/") && exchange.get("status").asInt() == 200) {
                String typeId = given().get("/api/block_types/slug/{slug}", answer.get("block_type").get("slug")
                        .asText()).then().statusCode(200).extract().path("id");
                ObjectNode schema = JSON.createObjectNode();
                schema.set("fields", answer.get("fields"));
                schema.put("block_type_id", typeId);
                schema.set("capabilities", answer.get("capabilities"));
                schema.set("version", answer.get("version"));
                given().contentType("application/json").body(schema.toString()).post("/api/block_schemas/")
                        .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                        .body("checksum", org.hamcrest.Matchers.equalTo(answer.get("checksum").asText()));
            }
        }
    }

    static List<JsonNode> read(String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path path = file.startsWith(OWN) ? OWN_TRACES.resolve(file.substring(OWN.length())) : TRACES.resolve(file);
        for (String line : Files.readAllLines(path)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** One replay: recorded ids and names mapped to this server's. */
    static final class Replay {
        final Map<String, String> ids = new HashMap<>();
        final String suffix;
        /** Whether the current request lets the server generate the run name (compared by shape then). */
        boolean generatedName;
        /** Whether the current answer is a page of runs in an arbitrary order. */
        boolean anyRuns;
        /** Names this server generated, by the recorded ones. */
        final Map<String, String> names = new HashMap<>();
        /** How far the replay is after the recording: client timestamps in requests move by this much. */
        long timeShiftMicros;

        Replay(String suffix) {
            this.suffix = suffix;
        }

        /** Set_state requests held by the slot waiters, by their path, until the trace's retry of them. */
        final Map<String, CompletableFuture<Response>> held = new HashMap<>();

        void send(String where, JsonNode exchange) {
            String method = exchange.get("method").asText();
            String path = mapText(exchange.get("path").asText());
            CompletableFuture<Response> pending = held.remove(method + " " + path);
            if (pending != null) {
                // the client's retry after Prefect's 30 s WAIT: here the held request is its answer, given as soon
                // as the slot it waited for was released (by the requests replayed meanwhile)
                check(where, exchange, method, path, await(where, pending), exchange.get("req_body"));
                return;
            }
            if (isSlotWait(exchange.get("resp_body"))) {
                RequestSpecification request = request(exchange, path);
                held.put(method + " " + path, CompletableFuture.supplyAsync(() -> request.request(method, path)));
                return;
            }
            if (retryReads && isRead(method, path)) {
                sendRead(where, exchange, method, path);
                return;
            }
            check(where, exchange, method, path, request(exchange, path).request(method, path),
                    exchange.get("req_body"));
        }

        /** Whether the trace's reads are retried (traces of several processes and of the server's services). */
        boolean retryReads;

        /** Requests that change nothing: reads, filters and polls. */
        static boolean isRead(String method, String path) {
            return method.equals("GET") || method.equals("POST") && (path.endsWith("/filter")
                    || path.endsWith("/get_scheduled_flow_runs") || path.endsWith("/count"));
        }

        /** Whether the read, sent once now, answers as recorded (nothing it would map is kept). */
        boolean readMatches(JsonNode exchange) {
            String method = exchange.get("method").asText();
            String path = mapText(exchange.get("path").asText());
            Map<String, String> idsBefore = new HashMap<>(ids);
            Map<String, String> namesBefore = new HashMap<>(names);
            try {
                check("probe", exchange, method, path, request(exchange, path).request(method, path),
                        exchange.get("req_body"));
                return true;
            } catch (AssertionError e) {
                return false;
            } finally {
                ids.clear();
                ids.putAll(idsBefore);
                names.clear();
                names.putAll(namesBefore);
            }
        }

        /**
         * A read whose recorded answer may show what another client process or a server service did while it was
         * in flight (the recording's requests overlap; the replay's do not): sent again, for up to 10 s, until it
         * matches; the ids and names it would have mapped are only kept from the matching answer.
         */
        void sendRead(String where, JsonNode exchange, String method, String path) {
            long end = System.nanoTime() + 10_000_000_000L;
            while (true) {
                Map<String, String> idsBefore = new HashMap<>(ids);
                Map<String, String> namesBefore = new HashMap<>(names);
                try {
                    check(where, exchange, method, path, request(exchange, path).request(method, path),
                            exchange.get("req_body"));
                    return;
                } catch (AssertionError e) {
                    ids.clear();
                    ids.putAll(idsBefore);
                    names.clear();
                    names.putAll(namesBefore);
                    if (System.nanoTime() > end) {
                        throw e;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }

        /** Prefect's WAIT for a full tag concurrency limit, which this server's slot waiters hold instead. */
        static boolean isSlotWait(JsonNode answer) {
            return answer != null && "WAIT".equals(answer.path("status").asText())
                    && answer.path("details").path("reason").asText().startsWith("Concurrency limit for the ");
        }

        static Response await(String where, CompletableFuture<Response> pending) {
            try {
                return pending.get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(where + ": the held set_state was not answered", e);
            }
        }

        RequestSpecification request(JsonNode exchange, String path) {
            JsonNode body = exchange.get("req_body");
            RequestSpecification request = given().header("X-PREFECT-API-VERSION", "0.8.4")
                    .header("Accept-Encoding", "gzip, deflate");
            JsonNode query = exchange.get("query");
            if (query != null && !query.isNull() && !query.asText().isEmpty()) {
                for (String pair : query.asText().split("&")) {
                    String[] kv = pair.split("=", 2);
                    request = request.queryParam(kv[0], kv.length > 1 ? mapText(kv[1]) : "");
                }
            }
            if (body != null && !body.isNull()) {
                request = request.contentType("application/json").body(map(body).toString());
            }
            return request;
        }

        void check(String where, JsonNode exchange, String method, String path, Response response, JsonNode body) {
            int expected = exchange.get("status").asInt();
            if (path.endsWith("/csrf-token")) {
                // one recording is of a server without the route (404), the other of one with CSRF protection
                // disabled (422); either way the client goes on without a token. This server answers the latter.
                assertTrue(response.statusCode() == 404 || response.statusCode() == 422, where + " csrf-token");
                return;
            }
            generatedName = method.equals("POST") && body != null && body.isObject() && !body.hasNonNull("name");
            // a page of runs in no given order (Prefect sorts by id then): which runs it shows is arbitrary
            boolean unsortedRuns = path.endsWith("/flow_runs/filter") && body != null && body.path("sort").isNull();
            anyRuns = unsortedRuns && body.path("limit").isNumber();
            if (retryReads && path.equals("/api/flows/") && method.equals("POST")) {
                // create-or-read: 200 in a recording whose database already had the flow, 201 for a new one
                assertTrue(response.statusCode() == 200 || response.statusCode() == 201, where + " " + path);
                expected = response.statusCode();
            }
            assertEquals(expected, response.statusCode(), where + " " + method + " " + path + " answered "
                    + response.asString());
            JsonNode recorded = exchange.get("resp_body");
            String text = response.asString();
            JsonNode actual;
            try {
                actual = text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
            } catch (IOException e) {
                actual = TextNode.valueOf(text);
            }
            if (isScheduledTimeWait(recorded) && isScheduledTimeWait(actual)) {
                // the wait until a run's scheduled time: how much of it is left depends on how fast the replay
                // got there (the server's clock runs at least as far as the recording's, so it is no longer)
                int r = recorded.path("details").path("delay_seconds").asInt();
                JsonNode a = actual.path("details").path("delay_seconds");
                assertTrue(a.isInt() && a.asInt() <= r && a.asInt() >= r - 2,
                        where + " " + path + " delay_seconds: expected about " + r + ", got " + a);
                ((ObjectNode) actual.get("details")).set("delay_seconds", recorded.path("details").get("delay_seconds"));
            }
            if (unsortedRuns) {
                actual = inRecordedOrder(where + " " + path, recorded, actual);
            }
            compare(where + " " + method + " " + path, "$", recorded, actual);
        }

        /**
         * A page of runs with no sort asked for comes in Prefect's default order, by id descending: the replay's ids
         * are new, so the order is checked here and the runs already seen are lined up with the recorded ones.
         */
        JsonNode inRecordedOrder(String where, JsonNode recorded, JsonNode actual) {
            if (!recorded.isArray() || !actual.isArray() || recorded.size() != actual.size()) {
                return actual;
            }
            for (int i = 1; i < actual.size(); i++) {
                String before = actual.get(i - 1).path("id").asText();
                String after = actual.get(i).path("id").asText();
                assertTrue(before.compareTo(after) > 0, where + ": runs not in id order: " + before + ", " + after);
            }
            List<JsonNode> left = new ArrayList<>();
            actual.forEach(left::add);
            JsonNode[] ordered = new JsonNode[recorded.size()];
            for (int i = 0; i < recorded.size(); i++) {
                String mine = ids.get(recorded.get(i).path("id").asText());
                for (JsonNode run : left) {
                    if (run.path("id").asText().equals(mine)) {
                        ordered[i] = run;
                        left.remove(run);
                        break;
                    }
                }
            }
            ArrayNode out = JSON.createArrayNode();
            Iterator<JsonNode> rest = left.iterator();
            for (JsonNode run : ordered) {
                out.add(run != null ? run : rest.next());
            }
            return out;
        }

        /** Prefect's WAIT for a run's scheduled time (the orchestration rule's answer to Running too early). */
        static boolean isScheduledTimeWait(JsonNode answer) {
            return answer != null && answer.isObject() && "WAIT".equals(answer.path("status").asText())
                    && "Scheduled time is in the future".equals(answer.path("details").path("reason").asText());
        }

        /** A recorded text with the timestamps in it moved as far as the replay is after the recording. */
        String shiftTimestamps(String text) {
            Matcher m = TIMESTAMP.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(Timestamps.format(Timestamps.parse(m.group())
                        .plusNanos(timeShiftMicros * 1000))));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** A request value with recorded ids replaced by ours and fixture names made unique. */
        JsonNode map(JsonNode node) {
            if (node.isTextual() && TIMESTAMP.matcher(node.asText()).matches()) {
                return TextNode.valueOf(shiftTimestamps(node.asText()));
            }
            if (node.isTextual()) {
                return TextNode.valueOf(mapText(node.asText()));
            }
            if (node.isObject()) {
                ObjectNode copy = JSON.createObjectNode();
                node.fields().forEachRemaining(e -> copy.set(e.getKey(), map(e.getValue())));
                return copy;
            }
            if (node.isArray()) {
                ArrayNode copy = JSON.createArrayNode();
                node.forEach(n -> copy.add(map(n)));
                return copy;
            }
            return node;
        }

        String mapText(String text) {
            Matcher m = UUID_TEXT.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, ids.getOrDefault(m.group(), m.group()));
            }
            m.appendTail(out);
            return FIXTURE_NAME.matcher(out.toString()).replaceAll("$1-" + suffix);
        }

        void compare(String where, String at, JsonNode recorded, JsonNode actual) {
            if (recorded == null || recorded.isNull()) {
                assertTrue(actual == null || actual.isNull(), where + " " + at + ": expected null, got " + actual);
                return;
            }
            if (at.endsWith(".is_protected")) {
                // built-in block types are protected in Prefect; the replay registers them through the API
                assertTrue(actual.isBoolean(), where + " " + at);
                return;
            }
            if (at.endsWith(".capabilities") && recorded.isArray() && actual.isArray()) {
                // a Python set on the client: its order differs from process to process
                List<String> r = new ArrayList<>();
                List<String> a = new ArrayList<>();
                recorded.forEach(n -> r.add(n.asText()));
                actual.forEach(n -> a.add(n.asText()));
                assertEquals(r.stream().sorted().toList(), a.stream().sorted().toList(), where + " " + at);
                return;
            }
            if (TIMING.stream().anyMatch(at::endsWith)) {
                assertTrue(actual.isNumber(), where + " " + at + ": expected a number, got " + actual);
                return;
            }
            if (recorded.isTextual()) {
                String r = recorded.asText();
                if (UUID_TEXT.matcher(r).matches()) {
                    assertTrue(actual.isTextual() && UUID_TEXT.matcher(actual.asText()).matches(),
                            where + " " + at + ": expected an id, got " + actual);
                    String known = ids.putIfAbsent(r, actual.asText());
                    if (known != null) {
                        assertEquals(known, actual.asText(), where + " " + at + ": id does not match earlier answers");
                    }
                    return;
                }
                if (TIMESTAMP.matcher(r).matches()) {
                    assertTrue(actual.isTextual() && TIMESTAMP.matcher(actual.asText()).matches(),
                            where + " " + at + ": expected a timestamp, got " + actual);
                    return;
                }
                if (generatedName && at.equals("$.name")) {
                    String shape = r.startsWith("anonymous-") ? "anonymous-[0-9a-f-]{36}" : "[a-z]+-[a-z]+";
                    assertTrue(actual.asText().matches(shape), where + " " + at + ": " + actual);
                    names.put(r, actual.asText());
                    return;
                }
                if (at.endsWith(".idempotency_key") && TIMESTAMP.matcher(r).find()) {
                    // a scheduler-made run's key names its slot: the schedule's anchor moved with the replay, so
                    // the slots did too, exactly (in a page of arbitrary runs, which slot is arbitrary too)
                    String expected = mapText(shiftTimestamps(r));
                    if (anyRuns) {
                        String[] parts = TIMESTAMP.split(mapText(r), -1);
                        StringBuilder shape = new StringBuilder(Pattern.quote(parts[0]));
                        for (int i = 1; i < parts.length; i++) {
                            shape.append(TIMESTAMP.pattern()).append(Pattern.quote(parts[i]));
                        }
                        assertTrue(actual.asText().matches(shape.toString()), where + " " + at + ": expected " + expected
                                + " or another slot, got " + actual);
                    } else {
                        assertEquals(expected, actual.asText(), where + " " + at);
                    }
                    return;
                }
                if (names.containsKey(r)) {
                    assertEquals(names.get(r), actual.asText(), where + " " + at);
                    return;
                }
                assertEquals(mapText(r), actual.asText(), where + " " + at);
                return;
            }
            if (recorded.isObject()) {
                assertTrue(actual.isObject(), where + " " + at + ": expected an object, got " + actual);
                // a run the scheduler made has a name the server generated: compared by shape the first time
                boolean scheduledRun = recorded.path("auto_scheduled").asBoolean() && recorded.path("name").isTextual()
                        && !names.containsKey(recorded.get("name").asText());
                for (Iterator<Map.Entry<String, JsonNode>> it = recorded.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (scheduledRun && e.getKey().equals("name")) {
                        assertTrue(actual.path("name").asText().matches("[a-z]+-[a-z]+"),
                                where + " " + at + ".name: " + actual.get("name"));
                        names.put(e.getValue().asText(), actual.get("name").asText());
                        continue;
                    }
                    if (!actual.has(e.getKey())) {
                        fail(where + " " + at + "." + e.getKey() + " is missing from " + actual);
                    }
                    compare(where, at + "." + e.getKey(), e.getValue(), actual.get(e.getKey()));
                }
                return;
            }
            if (recorded.isArray()) {
                assertTrue(actual.isArray() && actual.size() == recorded.size(),
                        where + " " + at + ": expected " + recorded + ", got " + actual);
                for (int i = 0; i < recorded.size(); i++) {
                    compare(where, at + "[" + i + "]", recorded.get(i), actual.get(i));
                }
                return;
            }
            if (recorded.isNumber()) {
                assertTrue(actual.isNumber() && recorded.asDouble() == actual.asDouble(),
                        where + " " + at + ": expected " + recorded + ", got " + actual);
                return;
            }
            assertEquals(recorded, actual, where + " " + at);
        }
    }
}
