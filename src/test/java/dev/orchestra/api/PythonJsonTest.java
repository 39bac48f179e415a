package dev.orchestra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PythonJson} against what CPython's {@code json.loads} answered for each document of
 * {@code python-json-decode-errors.jsonl} ({@code [doc, msg, pos, lineno, colno]}, or {@code [doc, null]} when
 * Python decodes it).
 */
class PythonJsonTest {

    static Stream<JsonNode> cases() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                PythonJsonTest.class.getResourceAsStream("/python-json-decode-errors.jsonl"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.add(mapper.readTree(line));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsWhatPythonReports(JsonNode c) {
        String doc = c.get(0).asText();
        Optional<PythonJson.DecodeError> error = PythonJson.decodeError(doc);
        if (c.get(1).isNull()) {
            assertTrue(error.isEmpty(), () -> doc + " -> " + error);
            return;
        }
        PythonJson.DecodeError e = error.orElseThrow(() -> new AssertionError("no error for " + doc));
        assertEquals(c.get(1).asText(), e.msg(), doc);
        assertEquals(c.get(2).asInt(), e.pos(), doc);
        assertEquals(c.get(3).asInt(), e.lineno(), doc);
        assertEquals(c.get(4).asInt(), e.colno(), doc);
        assertEquals(doc, e.doc());
    }

    @Test
    void decodesBytesAsUtf8() {
        assertEquals(Optional.of("{}"), PythonJson.text(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}));
        assertTrue(PythonJson.text(new byte[] {'"', (byte) 0xC3, '"'}).isEmpty());
        assertEquals("Expecting value: line 1 column 1 (char 0)", PythonJson.decodeError("x").orElseThrow().message());
    }
}
