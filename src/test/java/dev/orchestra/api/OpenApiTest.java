package dev.orchestra.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.config.JsonConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.validation.Invalid;
import org.openapitools.codegen.validation.ValidationResult;
import org.openapitools.codegen.validations.oas.OpenApiEvaluator;
import org.openapitools.codegen.validations.oas.RuleConfiguration;

/**
 * The OpenAPI document as a client generator reads it: valid, named as the wire is (snake_case), every
 * operation described with the statuses its route answers. The clients generated from it are tested in
 * {@code api.contract}; the responses the suite sees are checked against it by {@code ResponseConformanceTest}.
 */
@QuarkusTest
class OpenApiTest {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*_?");
    private static JsonNode doc;
    private static String text;

    /** Fetched once the application runs (RestAssured knows its port only then). */
    @BeforeEach
    void fetch() throws IOException {
        if (doc == null) {
            text = given().get("/api/openapi.json").then().statusCode(200).extract().asString();
            doc = new ObjectMapper().readTree(text);
        }
    }

    @Test
    void openApiGeneratorValidatesTheDocumentWithoutErrorsOrRecommendations() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(text, null, options);
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(),
                "OpenAPI Generator's parser reports: " + parsed.getMessages());
        ValidationResult result = new OpenApiEvaluator(new RuleConfiguration()).validate(parsed.getOpenAPI());
        List<String> problems = new ArrayList<>();
        for (Invalid invalid : result.getErrors()) {
            problems.add("error: " + invalid.getMessage());
        }
        for (Invalid invalid : result.getWarnings()) {
            problems.add("warning: " + invalid.getMessage());
        }
        assertTrue(problems.isEmpty(), "OpenAPI Generator's validation: " + problems);
    }

    /** The wire's ObjectMapper as config/JsonConfig makes it (built here: an IT cannot inject it). */
    private static ObjectMapper wire() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonConfig().customize(mapper);
        return mapper;
    }

    /** The document's names come from the naming strategy the wire's ObjectMapper uses (config/JsonConfig). */
    @Test
    void theDocumentIsNamedByTheWiresNamingStrategy() {
        String documented = ConfigProvider.getConfig()
                .getValue("mp.openapi.extensions.smallrye.property-naming-strategy", String.class);
        assertEquals(wire().getPropertyNamingStrategy().getClass().getName(), documented);
    }

    @Test
    void everyPropertyIsSnakeCaseAndEverySchemaNameIsAModelName() {
        List<String> wrong = new ArrayList<>();
        doc.path("components").path("schemas").fields().forEachRemaining(schema -> {
            String name = schema.getKey();
            if (!name.matches("[A-Z][A-Za-z]*") || name.matches(".*\\d.*")
                    || Set.of("JsonNode", "ObjectNode", "OffsetDateTime", "Timestamp", "Duration", "UUID", "Entry", "Node")
                            .contains(name)) {
                wrong.add("schema name " + name);
            }
            properties(schema.getValue(), "#/components/schemas/" + name, (path, property) -> {
                if (!SNAKE_CASE.matcher(property).matches()) {
                    wrong.add(path + "/" + property);
                }
            });
        });
        assertTrue(wrong.isEmpty(), "not named as on the wire: " + wrong);
        List<String> undescribed = new ArrayList<>();
        doc.path("components").path("schemas").fields().forEachRemaining(schema -> schema.getValue()
                .path("properties").fields().forEachRemaining(p -> {
                    if (p.getValue().path("description").asText().isBlank()) {
                        undescribed.add(schema.getKey() + "." + p.getKey());
                    }
                }));
        assertTrue(undescribed.isEmpty(), "properties without a description (add them to "
                + "META-INF/openapi-descriptions.properties or @Schema(description)): " + undescribed);
        assertTrue(!text.contains("valueNode") && !text.contains("containerNode"), "Jackson internals leak");
    }

    @Test
    void everyOperationIsDescribedWithUniqueIdAndUuidIds() {
        List<String> missing = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        operations((method, path, op) -> {
            String where = method.toUpperCase() + " " + path;
            if (!op.hasNonNull("operationId") || !ids.add(op.get("operationId").asText())) {
                missing.add(where + ": no unique operationId");
            }
            if (op.path("summary").asText().isBlank() || op.path("description").asText().isBlank()) {
                missing.add(where + ": no summary or description");
            }
            for (JsonNode parameter : op.path("parameters")) {
                String name = parameter.path("name").asText();
                if ("path".equals(parameter.path("in").asText()) && (name.equals("id") || name.endsWith("_id"))
                        && !"uuid".equals(parameter.path("schema").path("format").asText())) {
                    missing.add(where + ": path id " + name + " is not a uuid");
                }
            }
            boolean success = false;
            for (Iterator<String> it = op.path("responses").fieldNames(); it.hasNext();) {
                String status = it.next();
                success |= status.startsWith("2");
                if (status.equals("400") && !op.path("responses").path("400").has("$ref")) {
                    missing.add(where + ": a 400 other than the API-version check");
                }
            }
            if (!success && !path.equals("/api/csrf-token")) {
                missing.add(where + ": no success response");
            }
        });
        assertTrue(missing.isEmpty(), String.join("\n", missing));
        assertTrue(ids.contains("set_flow_run_state_flow_runs__id__set_state_post"));
        given().get("/api/docs/").then().statusCode(200);
    }

    /** A status a method sets with {@code @ResponseStatus} is the one its operation documents. */
    @Test
    void everyFixedStatusOfAResourceMethodIsDocumented() throws Exception {
        List<String> undocumented = new ArrayList<>();
        for (Class<?> resource : resources()) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                ResponseStatus status = m.getAnnotation(ResponseStatus.class);
                Operation operation = m.getAnnotation(Operation.class);
                if (status == null || operation == null || operation.hidden()) {
                    continue;
                }
                String path = (base + (m.isAnnotationPresent(Path.class) ? m.getAnnotation(Path.class).value() : ""))
                        .replaceAll("/+", "/").replaceAll("(.)/$", "$1");
                String method = httpMethod(m);
                JsonNode responses = doc.path("paths").path(path).path(method).path("responses");
                if (!responses.has(String.valueOf(status.value()))) {
                    undocumented.add(method.toUpperCase() + " " + path + " answers " + status.value()
                            + " but documents " + responses.findParents("description").size() + " "
                            + iterable(responses.fieldNames()));
                }
            }
        }
        assertTrue(undocumented.isEmpty(), String.join("\n", undocumented));
    }

    @Test
    void pageSizesAreBoundedAsTheServerBoundsThem() {
        List<String> unbounded = new ArrayList<>();
        doc.path("components").path("schemas").fields().forEachRemaining(schema -> {
            JsonNode limit = schema.getValue().path("properties").path("limit");
            if (!limit.isMissingNode() && schema.getValue().path("properties").has("offset")
                    && (limit.path("maximum").asInt(-1) != 200 || limit.path("minimum").asInt(-1) != 0)) {
                unbounded.add(schema.getKey());
            }
        });
        assertTrue(unbounded.isEmpty(), "limit without its bounds (0..200): " + unbounded);
        assertEquals(text, given().get("/api/openapi.json").then().extract().asString(), "the document is stable");
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String httpMethod(Method m) {
        if (m.isAnnotationPresent(GET.class)) {
            return "get";
        }
        if (m.isAnnotationPresent(POST.class)) {
            return "post";
        }
        if (m.isAnnotationPresent(PATCH.class)) {
            return "patch";
        }
        if (m.isAnnotationPresent(PUT.class)) {
            return "put";
        }
        return m.isAnnotationPresent(DELETE.class) ? "delete" : "?";
    }

    /** The resource classes of the application: the classes of package {@code api} with a {@code @Path}. */
    static List<Class<?>> resources() throws IOException, URISyntaxException, ClassNotFoundException {
        java.net.URI uri = OpenApiTest.class.getClassLoader().getResource("dev/orchestra/api/RootResource.class").toURI();
        // From target/classes in the unit tests, from the application's jar when failsafe runs OpenApiIT.
        try (java.nio.file.FileSystem jar = "jar".equals(uri.getScheme())
                ? java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of()) : null) {
            return resources(java.nio.file.Path.of(uri).getParent());
        }
    }

    private static List<Class<?>> resources(java.nio.file.Path dir) throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(dir)) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = dir.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName("dev.orchestra.api." + name);
                if (c.isAnnotationPresent(Path.class)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    static void operations(OperationVisitor visitor) {
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields()
                .forEachRemaining(op -> visitor.visit(op.getKey(), path.getKey(), op.getValue())));
    }

    interface PropertyVisitor {
        void visit(String path, String property);
    }

    static void properties(JsonNode schema, String path, PropertyVisitor visitor) {
        schema.path("properties").fields().forEachRemaining(p -> {
            visitor.visit(path, p.getKey());
            properties(p.getValue(), path + "/" + p.getKey(), visitor);
            properties(p.getValue().path("items"), path + "/" + p.getKey() + "/items", visitor);
        });
    }

    static Map<String, JsonNode> schemas() {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        doc.path("components").path("schemas").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
