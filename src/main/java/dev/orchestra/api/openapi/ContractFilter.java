package dev.orchestra.api.openapi;

import dev.orchestra.api.RequestFilters;
import dev.orchestra.schemas.Paging;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the scanned document so that it describes the wire exactly, by rules every route follows (README,
 * "Generate a client"), so a new route is covered without edits here:
 * <ul>
 * <li>the error answers {@link dev.orchestra.api.ErrorMappers} gives: 400 (the {@code X-PREFECT-API-VERSION}
 * check, on every route it applies to), 404 (routes with a path parameter), 422 (routes that take a body or
 * parameters), 503 with {@code Retry-After} (every route that uses the database, i.e. unless the operation says
 * {@value #NO_DATABASE}: false); 409 is declared by the routes that can answer it;</li>
 * <li>path parameters named {@code id} or {@code *_id} are UUIDs;</li>
 * <li>scalar aliases (UUID, timestamps, durations, free-form JSON) are inlined rather than named schemas, so
 * generated clients use their own types for them;</li>
 * <li>every property of a schema that only responses use is listed as required (the server writes every
 * property, null or not);</li>
 * <li>a body with {@code limit} and {@code offset} is a page: {@link Paging}'s bounds and defaults;</li>
 * <li>a property without a description of its own gets the one {@value #DESCRIPTIONS} gives its name.</li>
 * </ul>
 */
public class ContractFilter implements OASFilter {

    /** Operation extension: "false" when the route never touches the database (no 503). Removed from the output. */
    public static final String NO_DATABASE = "x-orchestra-database";

    /** Where the words for schema properties are (see {@link #describeProperties}). */
    public static final String DESCRIPTIONS = "META-INF/openapi-descriptions.properties";

    private static final String SCHEMAS = "#/components/schemas/";
    private static final String RESPONSES = "#/components/responses/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        describeProperties(openAPI);
        inlineAliases(openAPI);
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                    .forEach((method, operation) -> completeOperation(path, item, operation)));
        }
        requireResponseProperties(openAPI);
        boundPages(openAPI);
        if (openAPI.getTags() != null) {
            // SmallRye copies an operation's extensions onto the tag the operation declares
            openAPI.getTags().forEach(tag -> tag.removeExtension(NO_DATABASE));
        }
    }

    private static void completeOperation(String path, PathItem item, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        boolean pathParameter = false;
        for (Parameter parameter : parameters) {
            if (parameter.getIn() == Parameter.In.PATH) {
                pathParameter = true;
                String name = parameter.getName();
                if ((name.equals("id") || name.endsWith("_id")) && parameter.getSchema() != null) {
                    parameter.getSchema().setFormat("uuid");
                }
            }
        }
        boolean database = true;
        if (operation.getExtensions() != null && operation.getExtensions().containsKey(NO_DATABASE)) {
            database = !"false".equals(String.valueOf(operation.getExtensions().get(NO_DATABASE)));
            operation.removeExtension(NO_DATABASE);
        }
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        if (!RequestFilters.versionCheckExempt(path)) {
            addRef(responses, "400", "BadRequest");
        }
        if (pathParameter) {
            addRef(responses, "404", "NotFound");
        }
        if (operation.getRequestBody() != null || !parameters.isEmpty()) {
            addRef(responses, "422", "ValidationFailed");
        }
        if (database) {
            addRef(responses, "503", "ServiceUnavailable");
        }
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        responses.setAPIResponses(sorted);
    }

    /** An error answer as a reference to the shared response, unless the operation describes that status itself. */
    private static void addRef(APIResponses responses, String status, String name) {
        APIResponse existing = responses.getAPIResponse(status);
        if (existing == null || existing.getRef() == null && existing.getContent() == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(RESPONSES + name));
        }
    }

    /**
     * Replaces references to schemas that only name a scalar or free-form value (no properties, no enumeration)
     * by a copy of that schema, and drops those schemas from the components.
     */
    private static void inlineAliases(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Map<String, Schema> aliases = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> {
            if (schema.getRef() == null && schema.getProperties() == null && schema.getEnumeration() == null
                    && schema.getAllOf() == null && schema.getAnyOf() == null && schema.getOneOf() == null
                    && (schema.getType() == null || !schema.getType().contains(Schema.SchemaType.ARRAY))) {
                aliases.put(SCHEMAS + name, schema);
            }
        });
        if (aliases.isEmpty()) {
            return;
        }
        forEachSchema(openAPI, holder -> {
            Schema target = holder.getRef() == null ? null : aliases.get(holder.getRef());
            if (target != null) {
                holder.setRef(null);
                target.getAll().forEach((key, value) -> {
                    if (!key.equals("examples") && !key.equals("example") && holder.get(key) == null) {
                        holder.set(key, value);
                    }
                });
            }
        });
        aliases.keySet().forEach(ref -> openAPI.getComponents().removeSchema(ref.substring(SCHEMAS.length())));
    }

    /**
     * Gives every schema property without a description of its own the one {@value #DESCRIPTIONS} has for
     * {@code Schema.property}, or else for {@code property}.
     */
    private static void describeProperties(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Properties words = new Properties();
        try (InputStream in = ContractFilter.class.getClassLoader().getResourceAsStream(DESCRIPTIONS)) {
            if (in == null) {
                throw new IllegalStateException(DESCRIPTIONS + " is missing");
            }
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> anyValue = Set.of(words.getProperty("free-form-values", "").split("\\s*,\\s*"));
        openAPI.getComponents().getSchemas().forEach((name, schema) -> {
            if (schema.getProperties() != null) {
                schema.getProperties().forEach((property, s) -> {
                    if (anyValue.contains(name + "." + property)) {
                        // drop the JsonNode reference: no type, any JSON value
                        s.setRef(null);
                        s.setType(null);
                        s.setAdditionalPropertiesBoolean(null);
                    }
                    if (s.getDescription() == null) {
                        String text = words.getProperty(name + "." + property, words.getProperty(property));
                        if (text != null) {
                            s.setDescription(text);
                        }
                    }
                });
            }
        });
    }

    /** A body with {@code limit} and {@code offset} is a page request: {@link Paging}'s bounds and defaults. */
    private static void boundPages(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : openAPI.getComponents().getSchemas().values()) {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null || !properties.containsKey("limit") || !properties.containsKey("offset")) {
                continue;
            }
            Schema limit = properties.get("limit");
            limit.setMinimum(java.math.BigDecimal.ZERO);
            limit.setMaximum(java.math.BigDecimal.valueOf(Paging.DEFAULT_LIMIT));
            limit.setDefaultValue(Paging.DEFAULT_LIMIT);
            if (limit.getDescription() == null) {
                limit.setDescription("The most items to return.");
            }
            Schema offset = properties.get("offset");
            offset.setMinimum(java.math.BigDecimal.ZERO);
            offset.setDefaultValue(0);
            if (offset.getDescription() == null) {
                offset.setDescription("How many matching items to skip.");
            }
        }
    }

    /** Marks every property of the schemas reachable only from responses as required. */
    private static void requireResponseProperties(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null
                || openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Set<String> fromResponses = new HashSet<>();
        Set<String> fromRequests = new HashSet<>();
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getRequestBody() != null) {
                reachable(op.getRequestBody().getContent(), schemas, fromRequests);
            }
            if (op.getParameters() != null) {
                op.getParameters().forEach(p -> reachable(p.getSchema(), schemas, fromRequests));
            }
            if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                op.getResponses().getAPIResponses().forEach((status, response) -> {
                    if (status.startsWith("2")) {
                        reachable(response.getContent(), schemas, fromResponses);
                    }
                });
            }
        }));
        fromResponses.removeAll(fromRequests);
        fromResponses.forEach(name -> {
            Schema schema = schemas.get(name);
            if (schema != null && schema.getProperties() != null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        });
    }

    private static void reachable(Content content, Map<String, Schema> schemas, Set<String> names) {
        if (content != null && content.getMediaTypes() != null) {
            for (MediaType type : content.getMediaTypes().values()) {
                reachable(type.getSchema(), schemas, names);
            }
        }
    }

    private static void reachable(Schema schema, Map<String, Schema> schemas, Set<String> names) {
        walk(schema, s -> {
            if (s.getRef() != null && s.getRef().startsWith(SCHEMAS)) {
                String name = s.getRef().substring(SCHEMAS.length());
                if (names.add(name)) {
                    reachable(schemas.get(name), schemas, names);
                }
            }
        });
    }

    private static void forEachSchema(OpenAPI openAPI, Consumer<Schema> action) {
        openAPI.getComponents().getSchemas().values().forEach(s -> walk(s, action));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
            if (op.getParameters() != null) {
                op.getParameters().forEach(p -> walk(p.getSchema(), action));
            }
            if (op.getRequestBody() != null) {
                walkContent(op.getRequestBody().getContent(), action);
            }
            if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                op.getResponses().getAPIResponses().values().forEach(r -> walkContent(r.getContent(), action));
            }
        }));
    }

    private static void walkContent(Content content, Consumer<Schema> action) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> walk(m.getSchema(), action));
        }
    }

    /** Visits a schema and every schema nested in it (not following references). */
    private static void walk(Schema schema, Consumer<Schema> action) {
        if (schema == null) {
            return;
        }
        action.accept(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> walk(s, action));
        }
        walk(schema.getItems(), action);
        walk(schema.getAdditionalPropertiesSchema(), action);
        for (List<Schema> list : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (list != null) {
                list.forEach(s -> walk(s, action));
            }
        }
    }
}
