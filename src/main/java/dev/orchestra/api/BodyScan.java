package dev.orchestra.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestra.schemas.ValidationException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One streaming pass over a JSON body before it is bound, for the two things binding cannot decide alone:
 * <ul>
 * <li>a key given twice in one object: Python's {@code json} keeps the last value (in the first key's place),
 * so the body is rewritten that way and every route binds the same document Prefect would see;</li>
 * <li>a NUL character in any string or key: PostgreSQL cannot store it in text or JSON, so it is a 422 at the
 * exact location instead of a database error later;</li>
 * <li>a filter list ({@code any_}, {@code not_any_}, {@code all_}) longer than {@link #MAX_FILTER_VALUES}: a
 * 422 naming the cap, as pydantic's {@code max_items} would, so no filter sends PostgreSQL an unbounded array.</li>
 * </ul>
 * A body that is not valid JSON is left untouched: binding reports it as FastAPI does.
 */
final class BodyScan {

    static final String NUL_MESSAGE = "string contains a NUL character (\\u0000), which cannot be stored";
    /** The most values a filter's {@code any_}, {@code not_any_} or {@code all_} list may hold. */
    static final int MAX_FILTER_VALUES = 10_000;
    private static final Set<String> FILTER_LISTS = Set.of("any_", "not_any_", "all_");

    private BodyScan() {
    }

    /**
     * The body to bind: {@code body} itself, or the same document with each duplicated key's last value when
     * there are duplicates. Throws a validation error located at the first string holding a NUL character.
     */
    static byte[] normalise(ObjectMapper mapper, byte[] body) {
        boolean duplicates;
        try {
            duplicates = scan(mapper, body);
        } catch (IOException e) {
            return body;
        }
        if (!duplicates) {
            return body;
        }
        try {
            return mapper.writeValueAsBytes(mapper.reader()
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .with(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).readTree(body));
        } catch (IOException e) {
            return body;
        }
    }

    /** Answers whether some object repeats a key; throws at the first NUL character. */
    private static boolean scan(ObjectMapper mapper, byte[] body) throws IOException {
        boolean duplicates = false;
        Deque<Set<String>> keys = new ArrayDeque<>();
        Deque<Object> path = new ArrayDeque<>();
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT -> {
                        keys.push(new HashSet<>());
                        path.push("");
                    }
                    case START_ARRAY -> path.push(-1);
                    case END_OBJECT -> {
                        keys.pop();
                        path.pop();
                    }
                    case END_ARRAY -> path.pop();
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        path.pop();
                        path.push(name);
                        if (name.indexOf('\0') >= 0) {
                            throw nul(path);
                        }
                        duplicates |= !keys.peek().add(name);
                    }
                    default -> {
                        if (!path.isEmpty() && path.peek() instanceof Integer index) {
                            path.pop();
                            path.push(index + 1);
                            checkFilterList(path, index + 1);
                        }
                        if (token == JsonToken.VALUE_STRING && parser.getText().indexOf('\0') >= 0) {
                            throw nul(path);
                        }
                    }
                }
                if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && path.size() > 1) {
                    bumpParentIndex(path);
                }
            }
        }
        return duplicates;
    }

    /** An object or array inside an array counts as one more element of the enclosing array. */
    private static void bumpParentIndex(Deque<Object> path) {
        Object self = path.pop();
        if (path.peek() instanceof Integer index) {
            path.pop();
            path.push(index + 1);
            checkFilterList(path, index + 1);
        }
        path.push(self);
    }

    /** {@code path} ends at element {@code index} of an array: is that array a filter list past its cap? */
    private static void checkFilterList(Deque<Object> path, int index) {
        if (index < MAX_FILTER_VALUES) {
            return;
        }
        Iterator<Object> up = path.iterator();
        up.next();
        if (up.hasNext() && up.next() instanceof String key && FILTER_LISTS.contains(key)) {
            List<Object> loc = location(path);
            loc.remove(loc.size() - 1);
            throw new ValidationException(List.of(new ValidationException.Error(loc,
                    "ensure this value has at most " + MAX_FILTER_VALUES + " items", "value_error.list.max_items",
                    Map.of("limit_value", MAX_FILTER_VALUES))));
        }
    }

    private static ValidationException nul(Deque<Object> path) {
        return ValidationException.of(location(path), NUL_MESSAGE, "value_error.str.nul");
    }

    /** pydantic's {@code loc} of where {@code path} points: {@code ["body", key or index, ...]}. */
    private static List<Object> location(Deque<Object> path) {
        List<Object> loc = new ArrayList<>();
        loc.add("body");
        List<Object> inner = new ArrayList<>(path);
        for (int i = inner.size() - 1; i >= 0; i--) {
            loc.add(inner.get(i));
        }
        return loc;
    }

    /** Throws a validation error when a path or query parameter holds a NUL character. */
    static void requireNoNul(String where, String name, List<String> values) {
        for (String value : values) {
            if (value != null && value.indexOf('\0') >= 0) {
                throw ValidationException.of(List.of(where, name), NUL_MESSAGE, "value_error.str.nul");
            }
        }
    }
}
