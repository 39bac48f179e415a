package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** How the criteria of an {@link OperatorFilter} are combined; JSON values {@code "and_"} and {@code "or_"}. */
@JsonDeserialize(using = Operator.Deserializer.class)
public enum Operator {
    AND("and_"),
    OR("or_");

    private final String value;

    Operator(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** Strict values; an explicit null is an error while an absent operator means AND (see the records). */
    public static final class Deserializer extends StrictEnumDeserializer<Operator> {
        public Deserializer() {
            super(Operator.class, Operator::value);
        }

        @Override
        public Operator getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            throw InvalidNullException.from(ctxt, null, ctxt.constructType(Operator.class));
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
