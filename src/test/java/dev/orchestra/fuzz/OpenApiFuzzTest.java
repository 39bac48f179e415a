package dev.orchestra.fuzz;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes every operation of the served OpenAPI document (read at test time, so routes added later are covered
 * without edits): valid-looking bodies built from each request schema (with ids and names of objects that
 * exist, so deeper code paths run), each with one seeded mutation (wrong types, nulls, NUL characters, lone
 * surrogates, 1 MB strings, 100,000-element arrays, extreme dates and numbers, duplicated keys, wrong or missing
 * content types, empty and non-JSON bodies). No answer may be a 5xx, and the server must be healthy afterwards.
 * <p>
 * The seed is printed; replay a run with {@code -Dfuzz.seed=N}. {@code -Dfuzz.requests} (default 3000) and
 * {@code -Dfuzz.seconds} (default 90) bound the run.
 */
@QuarkusTest
class OpenApiFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    static final String MEGABYTE = "x".repeat(1 << 20);

    @TestHTTPResource("/")
    URI root;

    /** One operation of the document. */
    record Operation(String method, String path, List<JsonNode> parameters, JsonNode bodySchema) {
    }

    /** One request to send, already serialised. */
    record Request(String method, String uri, String contentType, byte[] body, String mutation) {
    }

    /** A 5xx or a request that did not finish. */
    record Failure(Request request, int status, String answer) {
        @Override
        public String toString() {
            String body = request.body() == null ? "" : new String(request.body(), 0,
                    Math.min(request.body().length, 300), StandardCharsets.UTF_8);
            return request.method() + " " + request.uri() + " [" + request.mutation() + "] -> " + status + " "
                    + answer + "\n    body: " + body;
        }
    }

    private JsonNode document;
    private Random random;
    /** Values of objects that exist, by the field name they came from (id, name, tag, key, slug ...). */
    private final Map<String, List<String>> known = new LinkedHashMap<>();

    @Test
    void noInputMakesTheServerAnswer5xx() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int maxRequests = Integer.getInteger("fuzz.requests", 3000);
        long seconds = Long.getLong("fuzz.seconds", 90);
        System.out.println("OpenApiFuzzTest seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        random = new Random(seed);
        document = JSON.readTree(given().when().get("/api/openapi.json").then().statusCode(200).extract().asByteArray());
        List<Operation> operations = operations();
        assertTrue(operations.size() > 40, "operations in the document: " + operations.size());
        createObjects();

        List<Request> requests = new ArrayList<>();
        while (requests.size() < maxRequests) {
            for (Operation operation : operations) {
                requests.add(request(operation));
                if (requests.size() == maxRequests) {
                    break;
                }
            }
        }
        List<Failure> failures = send(requests, seconds);

        given().when().get("/api/health").then().statusCode(200).body(equalTo("true"));
        given().when().get("/q/health/ready").then().statusCode(200);
        String name = "after-fuzz-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body(Map.of("name", name)).when().post("/api/flows/")
                .then().statusCode(201).extract().path("id");
        given().when().get("/api/flows/{id}", id).then().statusCode(200).body("name", equalTo(name));

        StringBuilder report = new StringBuilder();
        failures.stream().limit(25).forEach(f -> report.append("\n  ").append(f));
        assertTrue(failures.isEmpty(), failures.size() + " requests answered 5xx or never finished (seed " + seed
                + ", replay with -Dfuzz.seed=" + seed + "):" + report);
    }

    // ------------------------------------------------------------------ the document

    private List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            List<JsonNode> shared = list(path.getValue().path("parameters"));
            path.getValue().fields().forEachRemaining(op -> {
                if (!METHODS.contains(op.getKey())) {
                    return;
                }
                List<JsonNode> parameters = new ArrayList<>(shared);
                parameters.addAll(list(op.getValue().path("parameters")));
                JsonNode content = op.getValue().path("requestBody").path("content");
                JsonNode schema = null;
                if (content.isObject() && content.size() > 0) {
                    JsonNode json = content.has("application/json") ? content.get("application/json")
                            : content.elements().next();
                    schema = json.path("schema");
                }
                out.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), parameters, schema));
            });
        });
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private JsonNode resolve(JsonNode schema) {
        int hops = 0;
        while (schema != null && schema.has("$ref") && hops++ < 20) {
            JsonNode target = document;
            for (String part : schema.get("$ref").asText().replaceFirst("^#/", "").split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            schema = target;
        }
        return schema == null || schema.isMissingNode() ? NODES.objectNode() : schema;
    }

    // ------------------------------------------------------------------ objects that exist

    private void createObjects() {
        String suffix = Long.toHexString(random.nextLong());
        String flowName = "fuzz-flow-" + suffix;
        JsonNode flow = post("/api/flows/", Map.of("name", flowName));
        String flowId = flow.path("id").asText();
        JsonNode run = post("/api/flow_runs/", Map.of("flow_id", flowId, "state", Map.of("type", "RUNNING")));
        String runId = run.path("id").asText();
        post("/api/task_runs/", Map.of("flow_run_id", runId, "task_key", "fuzz", "dynamic_key", "0",
                "tags", List.of("fuzz-tag-" + suffix)));
        post("/api/concurrency_limits/", Map.of("tag", "fuzz-tag-" + suffix, "concurrency_limit", 2));
        post("/api/work_pools/", Map.of("name", "fuzz-pool-" + suffix));
        post("/api/work_pools/fuzz-pool-" + suffix + "/queues", Map.of("name", "fuzz-queue-" + suffix));
        post("/api/work_queues/", Map.of("name", "fuzz-wq-" + suffix));
        post("/api/deployments/", Map.of("name", "fuzz-deployment-" + suffix, "flow_id", flowId,
                "work_pool_name", "fuzz-pool-" + suffix));
        post("/api/flow_runs/" + runId + "/input", Map.of("key", "fuzz-key", "value", "\"v\""));
        JsonNode type = post("/api/block_types/", Map.of("name", "fuzz-block-" + suffix, "slug", "fuzz-block-" + suffix));
        JsonNode schema = post("/api/block_schemas/", Map.of("block_type_id", type.path("id").asText(),
                "fields", Map.of("properties", Map.of())));
        post("/api/block_documents/", Map.of("name", "fuzz-doc-" + suffix, "block_schema_id",
                schema.path("id").asText(), "block_type_id", type.path("id").asText(), "data", Map.of()));
        remember("flow_name", flowName);
        remember("deployment_name", "fuzz-deployment-" + suffix);
        remember("work_pool_name", "fuzz-pool-" + suffix);
    }

    /** Posts a body (any answer is accepted: a route may be absent) and remembers every id and name in it. */
    private JsonNode post(String path, Map<String, Object> body) {
        byte[] answer = given().contentType(ContentType.JSON).body(body).when().post(path).then().extract()
                .asByteArray();
        try {
            JsonNode node = JSON.readTree(answer);
            harvest(node, 0);
            return node;
        } catch (Exception e) {
            return NODES.objectNode();
        }
    }

    private void harvest(JsonNode node, int depth) {
        if (depth > 4 || node == null) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual()) {
                remember(field.getKey(), field.getValue().asText());
            } else {
                harvest(field.getValue(), depth + 1);
            }
        });
    }

    private void remember(String field, String value) {
        List<String> values = known.computeIfAbsent(field, k -> new ArrayList<>());
        if (!values.contains(value)) {
            values.add(value);
        }
    }

    private String knownValue(String name) {
        String key = snake(name);
        List<String> values = known.get(key);
        if (values == null && key.endsWith("_id")) {
            values = known.get("id");
        }
        if (values == null && key.endsWith("name")) {
            values = known.get("name");
        }
        return values == null || values.isEmpty() ? null : values.get(random.nextInt(values.size()));
    }

    // ------------------------------------------------------------------ requests

    private Request request(Operation operation) {
        String path = operation.path();
        List<String> query = new ArrayList<>();
        boolean mutateParameter = random.nextInt(4) == 0;
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            String value = parameterValue(name, resolve(parameter.path("schema")), mutateParameter);
            if (in.equals("path")) {
                path = path.replace("{" + name + "}", encode(value));
            } else if (in.equals("query") && (parameter.path("required").asBoolean() || random.nextBoolean())) {
                query.add(encode(name) + "=" + encode(value));
            }
        }
        path = path.replaceAll("\\{[^}/]+}", encode(mutateParameter ? mutantText() : "x"));
        String uri = root.resolve(path).toString() + (query.isEmpty() ? "" : "?" + String.join("&", query));
        if (operation.bodySchema() == null) {
            return random.nextInt(3) == 0
                    ? new Request(operation.method(), uri, "application/json", null, "json content type, no body")
                    : new Request(operation.method(), uri, null, null, mutateParameter ? "parameter" : "none");
        }
        JsonNode body = value(resolve(operation.bodySchema()), 0);
        return mutateBody(operation, uri, body);
    }

    private String parameterValue(String name, JsonNode schema, boolean mutate) {
        if (mutate && random.nextBoolean()) {
            return mutantText();
        }
        String known = knownValue(name);
        if (known != null && random.nextInt(5) > 0) {
            return known;
        }
        JsonNode value = value(schema, 3);
        return value.isTextual() ? value.asText() : value.toString();
    }

    private Request mutateBody(Operation operation, String uri, JsonNode body) {
        int kind = random.nextInt(100);
        String method = operation.method();
        if (kind < 5) {
            return new Request(method, uri, "application/json", new byte[0], "empty body");
        }
        if (kind < 9) {
            return new Request(method, uri, "application/json", bytes(pick("{", "nope", "[1, 2", "{\"a\": }",
                    "\u0000", "{\"a\": 1} trailing", "NaN", "\"\\ud800\"", "{\"a\": \"\\ud800\"}")), "not JSON");
        }
        if (kind < 13) {
            return new Request(method, uri, pick("text/plain", "application/x-www-form-urlencoded",
                    "application/xml", "multipart/form-data; boundary=x"), bytes(body.toString()), "wrong type");
        }
        if (kind < 16) {
            return new Request(method, uri, null, bytes(body.toString()), "no content type");
        }
        if (kind < 19) {
            return new Request(method, uri, "application/json", bytes(pick("[]", "null", "1", "\"text\"", "true",
                    "[{}]")), "not an object");
        }
        if (kind < 27 && body.isObject() && body.size() > 0) {
            String text = body.toString();
            String first = body.fieldNames().next();
            String duplicate = JSON.valueToTree(first).toString() + ": " + mutant(random.nextInt(12));
            String withDuplicate = random.nextBoolean() ? "{" + duplicate + ", " + text.substring(1)
                    : text.substring(0, text.length() - 1) + ", " + duplicate + "}";
            return new Request(method, uri, "application/json", bytes(withDuplicate), "duplicated key " + first);
        }
        if (kind < 35) {
            return new Request(method, uri, "application/json", bytes(body.toString()), "valid-looking");
        }
        String where = mutateSomewhere(body, 0);
        return new Request(method, uri, "application/json", bytes(body.toString()), "mutated " + where);
    }

    /** Replaces one value somewhere in {@code node} (or adds an unknown field); answers where. */
    private String mutateSomewhere(JsonNode node, int depth) {
        if (node instanceof ObjectNode object && object.size() > 0 && depth < 6) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            JsonNode child = object.get(name);
            if ((child.isObject() || child.isArray()) && child.size() > 0 && random.nextInt(3) > 0) {
                return name + "." + mutateSomewhere(child, depth + 1);
            }
            object.set(name, mutant(random.nextInt(40)));
            return name;
        }
        if (node instanceof ArrayNode array && array.size() > 0 && depth < 6) {
            int index = random.nextInt(array.size());
            array.set(index, mutant(random.nextInt(40)));
            return "[" + index + "]";
        }
        if (node instanceof ObjectNode object) {
            object.set("unknown_" + random.nextInt(3), mutant(random.nextInt(40)));
            return "new field";
        }
        return "top";
    }

    private JsonNode mutant(int kind) {
        return switch (kind) {
            case 0, 1, 2 -> NODES.nullNode();
            case 3 -> NODES.textNode("a\u0000b");
            case 4 -> NODES.textNode("\ud800");
            case 5 -> NODES.textNode("\udfff\ud800x");
            case 6 -> NODES.textNode(random.nextInt(4) == 0 ? MEGABYTE : "y".repeat(600));
            case 7 -> {
                ArrayNode big = NODES.arrayNode();
                int n = random.nextInt(4) == 0 ? 100_000 : 1_000;
                for (int i = 0; i < n; i++) {
                    big.add(random.nextBoolean() ? NODES.textNode(UUID.randomUUID().toString()) : NODES.numberNode(i));
                }
                yield big;
            }
            case 8 -> NODES.textNode(pick("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "1970-01-01T00:00:00",
                    "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", "2024-02-30T25:61:61Z", "2024-01-01",
                    "0000-00-00T00:00:00Z", "2024-01-01T00:00:00+99:99"));
            case 9 -> NODES.numberNode(pick(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1e300, -1.5,
                    0.0, 86400.0 * 365 * 10000));
            case 10 -> NODES.numberNode(pick(Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1, -1L, 0L,
                    (long) Integer.MIN_VALUE));
            case 11 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 12, 13 -> NODES.booleanNode(random.nextBoolean());
            case 14, 15 -> NODES.textNode(pick("", " ", "x", "COMPLETED", "not-a-uuid", "00000000-0000-0000-0000-000000000000",
                    "%", "/", "../..", "' OR 1=1 --", "\\", "{}", "null"));
            case 16, 17 -> NODES.objectNode().put("any_", "x");
            case 18, 19 -> NODES.arrayNode().add(NODES.nullNode()).add(NODES.objectNode());
            case 20 -> deep(random.nextInt(2) == 0 ? 50 : 500);
            case 21, 22 -> NODES.textNode(UUID.randomUUID().toString());
            case 23, 24 -> {
                String id = knownValue("id");
                yield id == null ? NODES.nullNode() : NODES.textNode(id);
            }
            default -> NODES.numberNode(random.nextInt(2001) - 1000);
        };
    }

    private static JsonNode deep(int depth) {
        JsonNode node = NODES.objectNode();
        for (int i = 0; i < depth; i++) {
            node = random(i) ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    private static boolean random(int i) {
        return i % 2 == 0;
    }

    private String mutantText() {
        JsonNode m = mutant(random.nextInt(26));
        String text = m.isTextual() ? m.asText() : m.toString();
        return text.length() > 10_000 ? text.substring(0, 10_000) : text;
    }

    // ------------------------------------------------------------------ values from schemas

    private JsonNode value(JsonNode schema, int depth) {
        schema = resolve(schema);
        for (String combiner : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combiner) && schema.get(combiner).size() > 0) {
                JsonNode options = schema.get(combiner);
                if (combiner.equals("allOf")) {
                    ObjectNode merged = NODES.objectNode();
                    options.forEach(part -> {
                        JsonNode v = value(part, depth);
                        if (v.isObject()) {
                            merged.setAll((ObjectNode) v);
                        }
                    });
                    return merged;
                }
                return value(options.get(random.nextInt(options.size())), depth);
            }
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText()
                : schema.path("type").asText("");
        String format = schema.path("format").asText("");
        if (type.isEmpty() && schema.has("properties")) {
            type = "object";
        }
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth > 5) {
                    return object;
                }
                Set<String> required = new LinkedHashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
                while (properties.hasNext()) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    if (required.contains(property.getKey()) || random.nextInt(3) == 0) {
                        String name = snake(property.getKey());
                        String known = knownValue(name);
                        JsonNode propertySchema = resolve(property.getValue());
                        boolean text = propertySchema.path("type").asText("").equals("string");
                        object.set(name, known != null && text && random.nextInt(3) > 0 ? NODES.textNode(known)
                                : value(propertySchema, depth + 1));
                    }
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int n = depth > 5 ? 0 : random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    array.add(value(schema.path("items"), depth + 1));
                }
                return array;
            }
            case "string" -> {
                return switch (format) {
                    case "uuid" -> {
                        String id = knownValue("id");
                        yield NODES.textNode(id != null && random.nextInt(4) > 0 ? id : UUID.randomUUID().toString());
                    }
                    case "date-time" -> NODES.textNode("2024-0" + (1 + random.nextInt(9)) + "-1"
                            + random.nextInt(10) + "T0" + random.nextInt(10) + ":00:00Z");
                    default -> NODES.textNode("fuzz-" + Integer.toHexString(random.nextInt()));
                };
            }
            case "integer" -> {
                return NODES.numberNode(random.nextInt(20));
            }
            case "number" -> {
                return NODES.numberNode(1 + random.nextInt(3600));
            }
            case "boolean" -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            default -> {
                // no type (JsonNode, free-form JSON): a small object
                return random.nextBoolean() ? NODES.objectNode().put("a", random.nextInt(10)) : NODES.objectNode();
            }
        }
    }

    // ------------------------------------------------------------------ sending

    private List<Failure> send(List<Request> requests, long seconds) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests.size() && System.nanoTime() < deadline) {
                    Request r = requests.get(i);
                    try {
                        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(r.uri()))
                                .timeout(Duration.ofSeconds(30))
                                .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(r.body()));
                        if (r.contentType() != null) {
                            builder.header("Content-Type", r.contentType());
                        }
                        HttpResponse<String> response;
                        try {
                            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException e) {
                            // a kept-alive connection the server closed as it was reused: once more, afresh
                            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                        }
                        sent.incrementAndGet();
                        if (response.statusCode() >= 500) {
                            String answer = response.body();
                            failures.add(new Failure(r, response.statusCode(),
                                    answer.substring(0, Math.min(300, answer.length()))));
                        }
                    } catch (Exception e) {
                        failures.add(new Failure(r, -1, e.toString()));
                    }
                }
            });
        }
        threads.shutdown();
        threads.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        System.out.println("OpenApiFuzzTest sent " + sent.get() + " of " + requests.size() + " requests");
        assertTrue(sent.get() >= Math.min(requests.size(), 1000), "too few requests sent: " + sent.get());
        return new ArrayList<>(failures);
    }

    // ------------------------------------------------------------------ helpers

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
