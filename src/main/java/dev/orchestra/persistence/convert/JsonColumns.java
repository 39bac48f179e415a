package dev.orchestra.persistence.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONB columns travel as text: entities read them with a {@code col::text} transformer and write them
 * through {@link #WRITE}, so the parameter is typed text (the reactive PostgreSQL client would encode a
 * Java string bound to a JSONB parameter as a JSON string, not as the document it holds).
 */
public final class JsonColumns {

    /** The write transformer for every JSONB column. */
    public static final String WRITE = "cast(cast(? as text) as jsonb)";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonColumns() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON", e);
        }
    }

    private static final Map<Type, ObjectReader> READERS = new ConcurrentHashMap<>();

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return READERS.computeIfAbsent(type.getType(), t -> MAPPER.readerFor(MAPPER.constructType(t)))
                    .readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column", e);
        }
    }
}
