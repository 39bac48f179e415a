package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.annotation.JsonValue;
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

    public static final class Deserializer extends StrictEnumDeserializer<Operator> {
        public Deserializer() {
            super(Operator.class, Operator::value);
        }
    }
}
