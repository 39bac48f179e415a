package dev.orchestra.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** {@code quarkus.log.console.json=true} (QUARKUS_LOG_CONSOLE_JSON=true) switches the console to JSON lines. */
@QuarkusTest
@TestProfile(EdgeProfile.class)
class JsonLoggingTest {

    @Test
    void theConsoleWritesOneJsonObjectPerRecord() throws Exception {
        Formatter formatter = consoleFormatter();
        LogRecord record = new LogRecord(org.jboss.logmanager.Level.WARN, "a \"quoted\" message\nover two lines");
        record.setLoggerName("dev.orchestra.test");
        record.setThrown(new IllegalStateException("boom"));
        String line = formatter.format(record);
        assertEquals(1, line.strip().lines().count(), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("WARN", json.get("level").asText());
        assertEquals("dev.orchestra.test", json.get("loggerName").asText());
        assertEquals("a \"quoted\" message\nover two lines", json.get("message").asText());
        assertNotNull(json.get("timestamp"));
        assertNotNull(json.get("exception"));
    }

    private static Formatter consoleFormatter() {
        List<Handler> handlers = new ArrayList<>();
        collect(LogManager.getLogManager().getLogger("").getHandlers(), handlers);
        List<Formatter> consoles = handlers.stream()
                .filter(h -> h instanceof ConsoleHandler || h.getClass().getSimpleName().equals("ConsoleHandler"))
                .map(Handler::getFormatter).toList();
        assertFalse(consoles.isEmpty(), "no console handler among " + handlers);
        return consoles.get(0);
    }

    /** Quarkus nests the console handler in its own handlers (delayed start, async). */
    private static void collect(Handler[] handlers, List<Handler> out) {
        for (Handler handler : handlers) {
            out.add(handler);
            if (handler instanceof org.jboss.logmanager.ExtHandler ext) {
                collect(ext.getHandlers(), out);
            }
        }
    }
}
