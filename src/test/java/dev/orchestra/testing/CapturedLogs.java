package dev.orchestra.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the log records of the named categories in memory while each test runs, instead of printing them: for
 * tests that provoke errors on purpose (a rule that throws, a database error the mappers must answer), whose
 * stack traces would otherwise bury a real failure. A test can assert what was logged ({@link #records()}); when
 * a test fails, everything it captured is printed with the failure.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

    /** The log categories whose records a test class captures (inherited by subclasses and nested classes). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Inherited
    @ExtendWith(CapturedLogs.class)
    public @interface Capture {
        String[] value();
    }

    private static final List<LogRecord> RECORDS = Collections.synchronizedList(new ArrayList<>());
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CapturedLogs.class);

    /** What the running test logged in the captured categories. */
    public static List<LogRecord> records() {
        synchronized (RECORDS) {
            return List.copyOf(RECORDS);
        }
    }

    /** The captured records at {@code level} or above. */
    public static List<LogRecord> atLeast(Level level) {
        return records().stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
    }

    private record Diverted(Logger logger, boolean useParentHandlers, Handler handler) {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RECORDS.clear();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                RECORDS.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        List<Diverted> diverted = new ArrayList<>();
        for (String category : categories(context.getRequiredTestClass())) {
            Logger logger = Logger.getLogger(category);
            diverted.add(new Diverted(logger, logger.getUseParentHandlers(), handler));
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }
        context.getStore(NAMESPACE).put("diverted", diverted);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        List<Diverted> diverted = (List<Diverted>) context.getStore(NAMESPACE).remove("diverted");
        if (diverted != null) {
            for (Diverted d : diverted) {
                d.logger().removeHandler(d.handler());
                d.logger().setUseParentHandlers(d.useParentHandlers());
            }
        }
        if (context.getExecutionException().isPresent()) {
            for (LogRecord record : records()) {
                System.err.println(format(record));
            }
        }
        RECORDS.clear();
    }

    private static Set<String> categories(Class<?> testClass) {
        Set<String> out = new LinkedHashSet<>();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Capture capture = c.getAnnotation(Capture.class);
            if (capture != null) {
                out.addAll(List.of(capture.value()));
            }
        }
        return out;
    }

    private static String format(LogRecord record) {
        StringWriter out = new StringWriter();
        out.append("[captured] ").append(String.valueOf(record.getLevel())).append(' ')
                .append(record.getLoggerName()).append(": ").append(String.valueOf(record.getMessage()));
        if (record.getThrown() != null) {
            out.append('\n');
            record.getThrown().printStackTrace(new PrintWriter(out));
        }
        return out.toString();
    }
}
