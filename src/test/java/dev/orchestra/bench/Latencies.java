package dev.orchestra.bench;

import java.util.Arrays;

/**
 * Every latency of one request type, kept exactly (a long per sample: a minute at 5,000 requests a second
 * is 2.4 MB), so percentiles are exact nearest-rank values rather than bucket estimates. Not thread-safe:
 * the load generator records on its single event-loop thread.
 */
final class Latencies {

    private long[] samples = new long[1024];
    private int count;
    private boolean sorted = true;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = nanos;
        sorted = false;
    }

    int count() {
        return count;
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} percent of all samples at or
     * below it. {@code p} in (0, 100]; NaN when there are no samples.
     */
    double percentileMillis(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (count == 0) {
            return Double.NaN;
        }
        sort();
        int rank = (int) Math.ceil(p / 100.0 * count);
        return samples[Math.max(rank, 1) - 1] / 1e6;
    }

    double maxMillis() {
        if (count == 0) {
            return Double.NaN;
        }
        sort();
        return samples[count - 1] / 1e6;
    }

    double meanMillis() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += samples[i];
        }
        return sum / count / 1e6;
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(samples, 0, count);
            sorted = true;
        }
    }
}
