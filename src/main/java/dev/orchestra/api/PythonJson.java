package dev.orchestra.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where and why Python's {@code json.loads} rejects a document, so a malformed body gets the 422 FastAPI gives:
 * the decoder's message ("Expecting value", "Expecting ',' delimiter", "Extra data" ...) and position (a code
 * point index, with line and column). Only syntax is checked, by the same rules as Python's scanner (which also
 * takes {@code NaN} and {@code Infinity}); values are not built.
 */
final class PythonJson {

    /** A JSONDecodeError: {@code msg} at code point {@code pos} of {@code doc}. */
    record DecodeError(String msg, String doc, int pos, int lineno, int colno) {

        /** Python's {@code str(error)}. */
        String message() {
            return msg + ": line " + lineno + " column " + colno + " (char " + pos + ")";
        }
    }

    /** Deeper documents are left to the JSON parser (Python stops at its recursion limit). */
    private static final int MAX_DEPTH = 2000;

    private final String doc;
    private final int[] s;

    private PythonJson(String doc) {
        this.doc = doc;
        this.s = doc.codePoints().toArray();
    }

    /** The body as Python reads bytes: UTF-8, a leading byte order mark dropped; empty when not UTF-8. */
    static Optional<String> text(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The error Python's decoder reports for {@code doc}, or empty when it would decode it. */
    static Optional<DecodeError> decodeError(String doc) {
        PythonJson scanner = new PythonJson(doc);
        try {
            int end = scanner.value(scanner.ws(0), 0);
            end = scanner.ws(end);
            if (end != scanner.s.length) {
                throw scanner.error("Extra data", end);
            }
            return Optional.empty();
        } catch (Failure f) {
            return Optional.ofNullable(f.error);
        }
    }

    /** Unwinds the scan with the decoder's error (null: too deep to judge). */
    private static final class Failure extends RuntimeException {
        final transient DecodeError error;

        Failure(DecodeError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private Failure error(String msg, int pos) {
        int line = 1;
        int lastNewline = -1;
        for (int i = 0; i < pos && i < s.length; i++) {
            if (s[i] == '\n') {
                line++;
                lastNewline = i;
            }
        }
        return new Failure(new DecodeError(msg, doc, pos, line, pos - lastNewline));
    }

    private static boolean isWs(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private int ws(int i) {
        while (i < s.length && isWs(s[i])) {
            i++;
        }
        return i;
    }

    private int at(int i) {
        return i < s.length ? s[i] : -1;
    }

    /** Python's scan_once: a value starting exactly at {@code i}; "Expecting value" when there is none. */
    private int value(int i, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Failure(null);
        }
        int c = at(i);
        switch (c) {
            case '"':
                return string(i + 1);
            case '{':
                return object(i + 1, depth + 1);
            case '[':
                return array(i + 1, depth + 1);
            default:
                break;
        }
        for (String literal : new String[] {"null", "true", "false", "NaN", "Infinity", "-Infinity"}) {
            if (startsWith(i, literal)) {
                return i + literal.length();
            }
        }
        int end = number(i);
        if (end > i) {
            return end;
        }
        throw error("Expecting value", i);
    }

    private boolean startsWith(int i, String literal) {
        int[] cps = literal.codePoints().toArray();
        if (i + cps.length > s.length) {
            return false;
        }
        for (int k = 0; k < cps.length; k++) {
            if (s[i + k] != cps[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    /** {@code -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?}; answers {@code i} when nothing matches. */
    private int number(int i) {
        int j = i;
        if (at(j) == '-') {
            j++;
        }
        if (at(j) == '0') {
            j++;
        } else if (digit(at(j))) {
            while (digit(at(j))) {
                j++;
            }
        } else {
            return i;
        }
        if (at(j) == '.' && digit(at(j + 1))) {
            j += 2;
            while (digit(at(j))) {
                j++;
            }
        }
        if (at(j) == 'e' || at(j) == 'E') {
            int k = j + 1;
            if (at(k) == '-' || at(k) == '+') {
                k++;
            }
            if (digit(at(k))) {
                while (digit(at(k))) {
                    k++;
                }
                j = k;
            }
        }
        return j;
    }

    /** The rest of a string whose opening quote is at {@code i - 1}. */
    private int string(int i) {
        int begin = i - 1;
        int j = i;
        while (true) {
            int c = at(j);
            if (c == -1) {
                throw error("Unterminated string starting at", begin);
            }
            if (c == '"') {
                return j + 1;
            }
            if (c < 0x20) {
                throw error("Invalid control character at", j);
            }
            if (c != '\\') {
                j++;
                continue;
            }
            int esc = at(j + 1);
            if (esc == -1) {
                throw error("Unterminated string starting at", begin);
            }
            if (esc == 'u') {
                if (j + 6 >= s.length) {
                    throw error("Invalid \\uXXXX escape", j + 1);
                }
                for (int k = j + 2; k < j + 6; k++) {
                    if (Character.digit(at(k), 16) < 0) {
                        throw error("Invalid \\uXXXX escape", j + 1);
                    }
                }
                j += 6;
            } else if ("\"\\/bfnrt".indexOf(esc) >= 0) {
                j += 2;
            } else {
                throw error("Invalid \\escape", j);
            }
        }
    }

    private int object(int i, int depth) {
        int end = i;
        if (at(end) != '"') {
            end = ws(end);
            if (at(end) == '}') {
                return end + 1;
            }
            if (at(end) != '"') {
                throw error("Expecting property name enclosed in double quotes", end);
            }
        }
        end++;
        while (true) {
            end = string(end);
            if (at(end) != ':') {
                end = ws(end);
                if (at(end) != ':') {
                    throw error("Expecting ':' delimiter", end);
                }
            }
            end = ws(end + 1);
            end = value(end, depth);
            end = ws(end);
            int next = at(end);
            end++;
            if (next == '}') {
                return end;
            }
            if (next != ',') {
                throw error("Expecting ',' delimiter", end - 1);
            }
            end = ws(end);
            next = at(end);
            end++;
            if (next != '"') {
                throw error("Expecting property name enclosed in double quotes", end - 1);
            }
        }
    }

    private int array(int i, int depth) {
        int end = ws(i);
        if (at(end) == ']') {
            return end + 1;
        }
        while (true) {
            end = value(end, depth);
            end = ws(end);
            int next = at(end);
            end++;
            if (next == ']') {
                return end;
            }
            if (next != ',') {
                throw error("Expecting ',' delimiter", end - 1);
            }
            end = ws(end);
        }
    }
}
