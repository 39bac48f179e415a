package dev.orchestra.orchestration.rules.core;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** Retry delay jitter: Prefect's clamped Poisson interval around the configured delay. */
public final class Jitter {

    private static volatile DoubleSupplier uniform = () -> ThreadLocalRandom.current().nextDouble();

    private Jitter() {
    }

    /** For tests: the source of uniform random numbers in [0, 1). */
    public static void useRandom(DoubleSupplier source) {
        uniform = source;
    }

    /**
     * A delay drawn from an exponential distribution with mean {@code average}, bounded above by
     * {@code average * (1 + clampingFactor)} and below so the mean stays about the same.
     */
    public static double clampedPoissonInterval(double average, double clampingFactor) {
        if (average <= 0) {
            return 0;
        }
        double upperMultiple = 1 + clampingFactor;
        double upperBound = average * upperMultiple;
        double lowerBound = Math.max(0, average * lowerClampMultiple(upperMultiple));
        double upperRv = exponentialCdf(upperBound, average);
        double lowerRv = exponentialCdf(lowerBound, average);
        double u = lowerRv + (upperRv - lowerRv) * uniform.getAsDouble();
        return -Math.log(Math.max(1 - u, 1e-10)) * average;
    }

    private static double exponentialCdf(double x, double average) {
        return 1 - Math.exp(-x / average);
    }

    private static double lowerClampMultiple(double k) {
        if (k >= 50) {
            return 0.0;
        }
        double p = Math.pow(2, k);
        return Math.log(Math.max(p / (p - 1), 1e-10)) / Math.log(2);
    }
}
