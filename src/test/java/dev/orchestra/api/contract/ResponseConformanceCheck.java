package dev.orchestra.api.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Holds the answers the API tests received (recorded by {@link ResponseRecorder} during the main test run) against
 * the document the application serves: every status seen is documented for its operation; every property of a
 * body is one its schema lists, with the documented JSON type; every property a success schema lists appears in
 * some recorded body. The build runs this class after all other tests (a surefire execution of its own); it is
 * skipped when nothing was recorded.
 */
@QuarkusTest
class ResponseConformanceCheck {

    private final ObjectMapper mapper = new ObjectMapper();
    private JsonNode doc;
    private final Set<String> problems = new TreeSet<>();
    private final Set<String> expected = new TreeSet<>();
    private final Set<String> seen = new TreeSet<>();

    @Test
    void everyRecordedAnswerIsTheOneTheDocumentDescribes() throws Exception {
        Path recording = Path.of(System.getProperty(ResponseRecorder.PROPERTY + ".file",
                "target/openapi-conformance/responses.jsonl"));
        assumeTrue(Files.exists(recording), "no answers recorded");
        doc = mapper.readTree(given().get("/api/openapi.json").then().statusCode(200).extract().asString());
        List<String> lines = Files.readAllLines(recording, StandardCharsets.UTF_8);
        Set<String> operations = new TreeSet<>();
        for (String text : lines) {
            JsonNode line = mapper.readTree(text);
            String method = line.get("method").asText();
            String path = line.get("path").asText();
            String status = line.get("status").asText();
            String where = method.toUpperCase() + " " + path + " " + status;
            JsonNode operation = doc.path("paths").path(path).path(method);
            if (operation.isMissingNode()) {
                problems.add(where + ": the operation is not documented");
                continue;
            }
            operations.add(method + " " + path);
            JsonNode response = resolve(operation.path("responses").path(status));
            if (response.isMissingNode()) {
                problems.add(where + ": status not documented (documented: "
                        + names(operation.path("responses").fieldNames()) + ")");
                continue;
            }
            JsonNode body = line.get("body");
            JsonNode schema = response.path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                schema = response.path("content").path("text/plain").path("schema");
            }
            if (schema.isMissingNode()) {
                if (body != null && !body.isNull() && !(status.equals("201") || status.equals("200"))) {
                    problems.add(where + ": a body where the document lists none");
                }
                continue;
            }
            check(body == null ? mapper.nullNode() : body, schema, where, status.startsWith("2"));
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(seen);
        missing.forEach(m -> problems.add("documented but never answered: " + m));
        System.out.printf("Response conformance: %d recorded answers of %d operations checked%n", lines.size(),
                operations.size());
        assertTrue(problems.isEmpty(), "The answers differ from the OpenAPI document:\n" + String.join("\n", problems));
    }

    /** Checks a value against a schema; {@code success} bodies also count which documented properties appear. */
    private void check(JsonNode value, JsonNode declared, String where, boolean success) {
        String ref = declared.path("$ref").asText(null);
        String name = ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
        JsonNode schema = resolve(declared);
        for (String union : List.of("anyOf", "oneOf")) {
            if (schema.has(union)) {
                Set<String> before = new TreeSet<>(problems);
                for (JsonNode option : schema.get(union)) {
                    check(value, option, where, success);
                    if (problems.equals(before)) {
                        return;
                    }
                    problems.retainAll(before);
                }
                problems.add(where + ": " + value + " fits no member of " + union);
                return;
            }
        }
        if (value.isNull()) {
            return;
        }
        Set<String> types = types(schema);
        if (!types.isEmpty() && !fits(value, types)) {
            problems.add(where + ": " + abbreviate(value) + " is not " + types);
            return;
        }
        if (value.isArray()) {
            value.forEach(item -> check(item, schema.path("items"), where + "[]", success));
        } else if (value.isObject() && schema.has("properties")) {
            JsonNode properties = schema.get("properties");
            boolean open = schema.path("additionalProperties").asBoolean(false)
                    || schema.path("additionalProperties").isObject();
            String owner = name != null ? name : where;
            if (success) {
                properties.fieldNames().forEachRemaining(p -> expected.add(owner + "." + p));
            }
            value.fields().forEachRemaining(field -> {
                JsonNode property = properties.get(field.getKey());
                if (property == null) {
                    if (!open) {
                        problems.add(where + ": property " + field.getKey() + " of " + owner + " is not documented");
                    }
                    return;
                }
                seen.add(owner + "." + field.getKey());
                check(field.getValue(), property, where + "." + field.getKey(), success);
            });
        } else if (value.isObject() && schema.path("additionalProperties").isObject()) {
            value.fields().forEachRemaining(f -> check(f.getValue(), schema.get("additionalProperties"),
                    where + "." + f.getKey(), success));
        }
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            String[] parts = node.get("$ref").asText().substring(2).split("/");
            JsonNode target = doc;
            for (String part : parts) {
                target = target.path(part);
            }
            node = target;
        }
        return node;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    private static boolean fits(JsonNode value, Set<String> types) {
        return value.isTextual() && types.contains("string")
                || value.isIntegralNumber() && (types.contains("integer") || types.contains("number"))
                || value.isFloatingPointNumber() && types.contains("number")
                || value.isBoolean() && types.contains("boolean")
                || value.isArray() && types.contains("array")
                || value.isObject() && types.contains("object");
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static List<String> names(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
