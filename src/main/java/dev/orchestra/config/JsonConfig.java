package dev.orchestra.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The JSON contract, configured once: snake_case names, Prefect's timestamp and duration formats,
 * unknown properties rejected (Prefect's action models forbid extra fields; response-side models
 * that must tolerate them say so with {@code @JsonIgnoreProperties}).
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    /** Runs after Quarkus' own customizers, so these serializers replace the java.time defaults. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().configure(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8.mappedFeature(), true);
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        // pydantic v1 takes a float for an int field and truncates it (int(30.0), int(1.5)); the 2.14.21 worker
        // sends its heartbeat interval as 30.0
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, true);
        // a null element of a list or map is refused, as pydantic refuses it in List[str] or Dict[str, int]
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        mapper.setAnnotationIntrospector(AnnotationIntrospector.pair(new RequiredMeansNotNull(),
                mapper.getDeserializationConfig().getAnnotationIntrospector()));
        SimpleModule module = new SimpleModule("prefect-json");
        module.addSerializer(OffsetDateTime.class, new TimestampSerializer());
        module.addDeserializer(OffsetDateTime.class, new TimestampDeserializer());
        module.addSerializer(Duration.class, new DurationSerializer());
        module.addDeserializer(Duration.class, new DurationDeserializer());
        mapper.registerModule(module);
    }

    /**
     * A property declared {@code @JsonProperty(required = true)} also refuses an explicit {@code null}, as a
     * pydantic field that is required and not {@code Optional} does ("none is not an allowed value"); Jackson
     * alone only checks that the key is present.
     */
    static final class RequiredMeansNotNull extends NopAnnotationIntrospector {
        @Override
        public JsonSetter.Value findSetterInfo(Annotated a) {
            JsonProperty property = a.getAnnotation(JsonProperty.class);
            return property != null && property.required() ? JsonSetter.Value.forValueNulls(Nulls.FAIL)
                    : JsonSetter.Value.empty();
        }
    }

    /** Python's {@code isoformat()} of a UTC datetime: microseconds when non-zero, "+00:00" offset. */
    static final class TimestampSerializer extends JsonSerializer<OffsetDateTime> {
        @Override
        public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider serializers)
                throws IOException {
            gen.writeString(Timestamps.format(value));
        }
    }

    static final class TimestampDeserializer extends JsonDeserializer<OffsetDateTime> {
        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            try {
                return Timestamps.parse(text);
            } catch (IllegalArgumentException e) {
                return (OffsetDateTime) ctxt.handleWeirdStringValue(OffsetDateTime.class, text,
                        "invalid datetime format");
            }
        }
    }

    /** Durations are seconds as a float, as pydantic writes a {@code timedelta}. */
    static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(Timestamps.seconds(value));
        }
    }

    static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isNumeric()) {
                return Timestamps.duration(p.getDoubleValue());
            }
            String text = p.getValueAsString();
            if (text != null) {
                try {
                    return Timestamps.duration(Double.parseDouble(text.trim()));
                } catch (NumberFormatException e) {
                    try {
                        return Duration.parse(text.trim());
                    } catch (RuntimeException ignored) {
                        // fall through to the error below
                    }
                }
            }
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, String.valueOf(text),
                    "invalid duration format");
        }
    }
}
