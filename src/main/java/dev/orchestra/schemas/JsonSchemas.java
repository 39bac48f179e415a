package dev.orchestra.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema checks as Prefect makes them with Python's {@code jsonschema}: values against a schema (the
 * latest draft, as {@code jsonschema.validate} picks), schemas against the draft-04 meta-schema
 * ({@code validate_schema}). Errors are worded as {@code jsonschema} words them for the common keywords, and
 * the error reported is the one closest to the document root, as {@code best_match} prefers.
 */
public final class JsonSchemas {

    private static final JsonSchemaFactory LATEST = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final JsonSchema DRAFT4_META = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(SchemaLocation.of("http://json-schema.org/draft-04/schema#"));

    private JsonSchemas() {
    }

    /** A failed validation: the JSON path of the failing value and {@code jsonschema}'s message. */
    public record Failure(String jsonPath, String message) {

        /** Prefect's {@code validate_values_conform_to_schema} wording. */
        public String describe() {
            String where = "$".equals(jsonPath) ? "Validation failed."
                    : "Validation failed for field " + Python.repr(jsonPath.replaceFirst("^\\$\\.", "")) + ".";
            return where + " Failure reason: " + message;
        }
    }

    /** Thrown when the schema itself cannot be used. */
    public static final class SchemaError extends RuntimeException {
        public SchemaError(String message) {
            super(message, null, false, false);
        }
    }

    /** Prefect's {@code validate_schema}: null when the schema is a valid draft-04 schema, else the reason. */
    public static String schemaProblem(JsonNode schema) {
        if (schema == null || schema.isNull()) {
            return null;
        }
        Failure f = best(DRAFT4_META.validate(schema));
        return f == null ? null
                : "The provided schema is not a valid json schema. Schema error: " + f.message();
    }

    /** Validates {@code value} against {@code schema}; null when it conforms. */
    public static Failure validate(JsonNode value, JsonNode schema) {
        if (schema == null || schema.isNull()) {
            return null;
        }
        Set<ValidationMessage> errors;
        try {
            errors = LATEST.getSchema(schema).validate(value == null ? com.fasterxml.jackson.databind.node.NullNode
                    .getInstance() : value);
        } catch (RuntimeException e) {
            throw new SchemaError(String.valueOf(e.getMessage()));
        }
        return best(errors);
    }

    /**
     * Prefect's {@code validate_values_conform_to_schema}: null when the values conform (or either is absent),
     * else its message. With {@code ignoreRequired}, every {@code required} key of the schema is dropped first.
     */
    public static String valuesProblem(JsonNode values, JsonNode schema, boolean ignoreRequired) {
        if (schema == null || schema.isNull() || values == null || values.isNull()) {
            return null;
        }
        JsonNode effective = ignoreRequired ? withoutKey(schema.deepCopy(), "required") : schema;
        try {
            Failure f = validate(values, effective);
            return f == null ? null : f.describe();
        } catch (SchemaError e) {
            return "The provided schema is not a valid json schema. Schema error: " + e.getMessage();
        }
    }

    /** Prefect's {@code remove_nested_keys}: drops {@code key} from every object, at any depth. */
    static JsonNode withoutKey(JsonNode node, String key) {
        if (node instanceof ObjectNode o) {
            o.remove(key);
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                withoutKey(it.next().getValue(), key);
            }
        } else if (node instanceof ArrayNode a) {
            for (JsonNode child : a) {
                withoutKey(child, key);
            }
        }
        return node;
    }

    private static Failure best(Set<ValidationMessage> errors) {
        ValidationMessage best = null;
        int bestDepth = Integer.MAX_VALUE;
        for (ValidationMessage m : errors) {
            int depth = m.getInstanceLocation().getNameCount();
            boolean combinator = "anyOf".equals(m.getType()) || "oneOf".equals(m.getType());
            boolean bestCombinator = best != null && ("anyOf".equals(best.getType()) || "oneOf".equals(best.getType()));
            if (best == null || depth < bestDepth || depth == bestDepth && combinator && !bestCombinator) {
                best = m;
                bestDepth = depth;
            }
        }
        return best == null ? null : new Failure(best.getInstanceLocation().toString(), message(best));
    }

    private static String message(ValidationMessage m) {
        JsonNode instance = m.getInstanceNode();
        JsonNode schemaNode = m.getSchemaNode();
        String value = instance == null ? "None" : Python.repr(instance);
        if (m.getEvaluationPath().toString().matches(".*\\.(anyOf|oneOf)\\[\\d+].*")) {
            // jsonschema reports the combinator that failed, at the instance its branches were tried on
            return value + " is not valid under any of the given schemas";
        }
        // the schema node of a message is the keyword's own value (or, for some keywords, the enclosing schema)
        switch (m.getType()) {
            case "type": {
                JsonNode types = keyword(schemaNode, "type");
                if (types == null) {
                    break;
                }
                StringBuilder sb = new StringBuilder(value).append(" is not of type ");
                if (types.isArray()) {
                    for (int i = 0; i < types.size(); i++) {
                        sb.append(i == 0 ? "" : ", ").append(Python.repr(types.get(i)));
                    }
                } else {
                    sb.append(Python.repr(types));
                }
                return sb.toString();
            }
            case "required":
                return Python.repr(m.getProperty()) + " is a required property";
            case "enum":
                return keyword(schemaNode, "enum") != null
                        ? value + " is not one of " + Python.repr(keyword(schemaNode, "enum")) : m.getMessage();
            case "const":
                return keyword(schemaNode, "const") != null
                        ? Python.repr(keyword(schemaNode, "const")) + " was expected" : m.getMessage();
            case "anyOf":
            case "oneOf":
                return value + " is not valid under any of the given schemas";
            case "minimum":
                return keyword(schemaNode, "minimum") != null
                        ? value + " is less than the minimum of " + Python.repr(keyword(schemaNode, "minimum"))
                        : m.getMessage();
            case "maximum":
                return keyword(schemaNode, "maximum") != null
                        ? value + " is greater than the maximum of " + Python.repr(keyword(schemaNode, "maximum"))
                        : m.getMessage();
            case "minLength":
                return value + " is too short";
            case "maxLength":
                return value + " is too long";
            case "pattern":
                return keyword(schemaNode, "pattern") != null
                        ? value + " does not match " + Python.repr(keyword(schemaNode, "pattern")) : m.getMessage();
            default:
                break;
        }
        String text = m.getMessage();
        int colon = text.indexOf(": ");
        return colon > 0 && text.startsWith("$") ? text.substring(colon + 2) : text;
    }

    private static JsonNode keyword(JsonNode schemaNode, String keyword) {
        if (schemaNode == null || schemaNode.isNull()) {
            return null;
        }
        return schemaNode.isObject() && schemaNode.has(keyword) ? schemaNode.get(keyword)
                : schemaNode.isObject() && !"enum".equals(keyword) && !"const".equals(keyword) ? null : schemaNode;
    }

    /** Python's {@code repr} of JSON values, for messages worded as Prefect's. */
    public static final class Python {

        private Python() {
        }

        public static String repr(String s) {
            if (s == null) {
                return "None";
            }
            char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
            StringBuilder sb = new StringBuilder().append(quote);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    sb.append("\\\\");
                } else if (c == quote) {
                    sb.append('\\').append(c);
                } else if (c == '\n') {
                    sb.append("\\n");
                } else if (c == '\t') {
                    sb.append("\\t");
                } else if (c == '\r') {
                    sb.append("\\r");
                } else {
                    sb.append(c);
                }
            }
            return sb.append(quote).toString();
        }

        public static String repr(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return "None";
            }
            if (node.isTextual()) {
                return repr(node.asText());
            }
            if (node.isBoolean()) {
                return node.asBoolean() ? "True" : "False";
            }
            if (node.isNumber()) {
                return node.toString();
            }
            StringBuilder sb = new StringBuilder();
            if (node.isArray()) {
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(repr(node.get(i)));
                }
                return sb.append(']').toString();
            }
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(first ? "" : ", ").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }

        /** {@code repr} of a {@code jsonschema.ValidationError}, as {@code f"{exc!r}"} prints it. */
        public static String validationError(String message) {
            return "<ValidationError: " + repr(message) + ">";
        }
    }
}
