package dev.orchestra.schemas;

import dev.orchestra.schemas.filters.StrictEnumDeserializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A request body that does not fit the schema, described the way pydantic v1 does, so the API can answer with
 * Prefect's 422 body: {@code {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}}.
 */
public class ValidationException extends RuntimeException {

    /** One pydantic error; {@code ctx} is null unless pydantic sends one. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Error(List<Object> loc, String msg, String type, Map<String, Object> ctx) {
        public Error(List<Object> loc, String msg, String type) {
            this(loc, msg, type, null);
        }
    }

    private final transient List<Error> errors;

    public ValidationException(List<Error> errors) {
        super(errors.isEmpty() ? "validation failed" : errors.get(0).msg(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** A single error at {@code loc}. */
    public static ValidationException of(List<Object> loc, String msg, String type) {
        return new ValidationException(List.of(new Error(loc, msg, type)));
    }

    public List<Error> errors() {
        return errors;
    }

    /**
     * Translates a Jackson failure into pydantic's terms. {@code locPrefix} is what precedes the JSON path, e.g.
     * {@code ["body", "flow_runs"]} when the filter was the {@code flow_runs} member of the body.
     */
    public static ValidationException from(JsonProcessingException e, Object... locPrefix) {
        List<Object> loc = new ArrayList<>(List.of(locPrefix));
        if (!(e instanceof JsonMappingException mapping)) {
            loc.add(e.getLocation() == null ? 0 : e.getLocation().getCharOffset());
            return new ValidationException(List.of(new Error(loc, "Expecting value", "value_error.jsondecode")));
        }
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            loc.add(ref.getFieldName() != null ? ref.getFieldName() : (Object) ref.getIndex());
        }
        return new ValidationException(List.of(describe(mapping, loc)));
    }

    private static Error describe(JsonMappingException e, List<Object> loc) {
        if (e instanceof UnrecognizedPropertyException) {
            return new Error(loc, "extra fields not permitted", "value_error.extra");
        }
        if (e instanceof InvalidNullException) {
            return new Error(loc, "none is not an allowed value", "type_error.none.not_allowed");
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return typeError(mismatch.getTargetType(), loc, e instanceof InvalidFormatException);
        }
        return new Error(loc, e.getOriginalMessage(), "value_error");
    }

    private static Error typeError(Class<?> target, List<Object> loc, boolean badString) {
        if (target.isEnum()) {
            List<String> permitted = permittedValues(target);
            StringBuilder msg = new StringBuilder("value is not a valid enumeration member; permitted: ");
            for (int i = 0; i < permitted.size(); i++) {
                msg.append(i == 0 ? "" : ", ").append('\'').append(permitted.get(i)).append('\'');
            }
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("enum_values", permitted);
            return new Error(loc, msg.toString(), "type_error.enum", ctx);
        }
        if (target == UUID.class) {
            return new Error(loc, "value is not a valid uuid", "type_error.uuid");
        }
        if (target == Boolean.class || target == boolean.class) {
            return new Error(loc, "value could not be parsed to a boolean", "type_error.bool");
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return new Error(loc, "value is not a valid integer", "type_error.integer");
        }
        if (target == OffsetDateTime.class) {
            // Prefect's DateTimeTZ rejects non-strings itself; unparsable strings fail inside pendulum
            return badString ? new Error(loc, "invalid datetime format", "value_error.datetime")
                    : new Error(loc, "Unrecognized datetime.", "value_error");
        }
        if (target == String.class) {
            return new Error(loc, "str type expected", "type_error.str");
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return new Error(loc, "value is not a valid list", "type_error.list");
        }
        return new Error(loc, "value is not a valid dict", "type_error.dict");
    }

    private static List<String> permittedValues(Class<?> enumType) {
        JsonDeserialize annotation = enumType.getAnnotation(JsonDeserialize.class);
        Class<? extends JsonDeserializer> using = annotation == null ? null : annotation.using();
        if (using != null && StrictEnumDeserializer.class.isAssignableFrom(using)) {
            try {
                return ((StrictEnumDeserializer<?>) using.getDeclaredConstructor().newInstance()).permittedValues();
            } catch (ReflectiveOperationException ignored) {
                // fall back to the constant names
            }
        }
        List<String> names = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            names.add(((Enum<?>) constant).name());
        }
        return names;
    }
}
