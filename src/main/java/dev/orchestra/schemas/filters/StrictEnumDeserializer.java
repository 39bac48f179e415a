package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.orchestra.schemas.StateType;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Enum deserialization as pydantic does it: only the exact string value is accepted. Jackson on its own would
 * also take an ordinal number, or a name differing from the JSON value.
 */
public abstract class StrictEnumDeserializer<E extends Enum<E>> extends StdScalarDeserializer<E> {

    private final Map<String, E> byValue = new LinkedHashMap<>();

    protected StrictEnumDeserializer(Class<E> type, Function<E, String> value) {
        super(type);
        for (E e : EnumSet.allOf(type)) {
            byValue.put(value.apply(e), e);
        }
    }

    /** The accepted JSON values, in declaration order (for error messages). */
    public List<String> permittedValues() {
        return List.copyOf(byValue.keySet());
    }

    @Override
    @SuppressWarnings("unchecked")
    public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (E) ctxt.handleUnexpectedToken(handledType(), p);
        }
        String text = p.getText();
        E e = byValue.get(text);
        if (e == null) {
            return (E) ctxt.handleWeirdStringValue(handledType(), text,
                    "not one of the values accepted for Enum class: " + Collections.unmodifiableSet(byValue.keySet()));
        }
        return e;
    }

    /** For {@link StateType}, which lives outside this package and keeps Jackson's default mapping elsewhere. */
    public static final class ForStateType extends StrictEnumDeserializer<StateType> {
        public ForStateType() {
            super(StateType.class, StateType::name);
        }
    }
}
