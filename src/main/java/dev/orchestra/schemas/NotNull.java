package dev.orchestra.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import java.io.IOException;

/**
 * For {@code @JsonDeserialize(using = NotNull.class)} on a record component whose Prefect field is not
 * {@code Optional}: the key may be absent (the record supplies the default) but an explicit {@code null} is a 422
 * ("none is not an allowed value"). Jackson's {@code Nulls.FAIL} cannot say this: it fails absent creator properties
 * too. The value itself is read by the deserializer Jackson would have used.
 */
public final class NotNull extends JsonDeserializer<Object> implements ContextualDeserializer {

    private final JsonDeserializer<Object> delegate;
    private final JavaType type;
    private final String name;

    public NotNull() {
        this(null, null, null);
    }

    private NotNull(JsonDeserializer<Object> delegate, JavaType type, String name) {
        this.delegate = delegate;
        this.type = type;
        this.name = name;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
            throws JsonMappingException {
        JavaType target = property.getType();
        return new NotNull(ctxt.findContextualValueDeserializer(target, property), target, property.getName());
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return delegate.deserialize(p, ctxt);
    }

    @Override
    public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
            throws IOException {
        return delegate.deserializeWithType(p, ctxt, typeDeserializer);
    }

    @Override
    public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
        throw InvalidNullException.from(ctxt, name == null ? null : PropertyName.construct(name), type);
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
        return null;
    }
}
