package dev.orchestra.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario measured: latencies per request type, completed iterations and errors, counting only
 * what completed inside the measurement window (after the warm-up, before the end). Used from the load
 * generator's single event-loop thread only; read after the run.
 */
final class Recorder {

    private final Map<String, Latencies> latencies = new LinkedHashMap<>();
    private final Map<String, Integer> errors = new LinkedHashMap<>();
    private long windowStart = Long.MAX_VALUE;
    private long windowEnd = Long.MAX_VALUE;
    private long iterations;
    private long errorsOutsideWindow;

    /** Opens the measurement window now and closes it after the given time. */
    void openWindow(long startNanos, long endNanos) {
        windowStart = startNanos;
        windowEnd = endNanos;
    }

    long windowStart() {
        return windowStart;
    }

    long windowEnd() {
        return windowEnd;
    }

    boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos <= windowEnd;
    }

    /** Declares a request type, so the report lists it (in this order) even when it never completed. */
    void declare(String type) {
        latencies.computeIfAbsent(type, t -> new Latencies());
    }

    void request(String type, long startNanos, long endNanos) {
        if (inWindow(endNanos)) {
            latencies.computeIfAbsent(type, t -> new Latencies()).record(endNanos - startNanos);
        }
    }

    void iteration(long endNanos) {
        if (inWindow(endNanos)) {
            iterations++;
        }
    }

    /** An error seen at any time of the run (warm-up included): errors are reported, never hidden. */
    void error(String type, String what, long nanos) {
        errors.merge(type + ": " + what, 1, Integer::sum);
        if (!inWindow(nanos)) {
            errorsOutsideWindow++;
        }
    }

    Map<String, Latencies> latencies() {
        return latencies;
    }

    Map<String, Integer> errors() {
        return errors;
    }

    long iterations() {
        return iterations;
    }

    long errorsOutsideWindow() {
        return errorsOutsideWindow;
    }
}
