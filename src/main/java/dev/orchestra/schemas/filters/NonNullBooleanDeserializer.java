package dev.orchestra.schemas.filters;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import java.io.IOException;

/**
 * A pydantic {@code bool} field with a default: may be absent (the record supplies the default) but not null.
 * Jackson's {@code Nulls.FAIL} cannot express this, as it also fails absent creator properties.
 */
public final class NonNullBooleanDeserializer extends StdScalarDeserializer<Boolean> {

    public NonNullBooleanDeserializer() {
        super(Boolean.class);
    }

    @Override
    public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return _parseBoolean(p, ctxt, Boolean.class);
    }

    @Override
    public Boolean getNullValue(DeserializationContext ctxt) throws JsonMappingException {
        throw InvalidNullException.from(ctxt, null, ctxt.constructType(Boolean.class));
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        return null;
    }
}
