package dev.orchestra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The load generator's percentiles are nearest-rank values over every sample. */
class LatenciesTest {

    private static Latencies millis(long... values) {
        Latencies l = new Latencies();
        for (long v : values) {
            l.record(v * 1_000_000L);
        }
        return l;
    }

    @Test
    void nearestRankOnOneToHundred() {
        List<Long> values = new ArrayList<>();
        for (long i = 1; i <= 100; i++) {
            values.add(i);
        }
        Collections.shuffle(values, new Random(7));
        Latencies l = millis(values.stream().mapToLong(Long::longValue).toArray());
        assertEquals(100, l.count());
        assertEquals(50.0, l.percentileMillis(50));
        assertEquals(90.0, l.percentileMillis(90));
        assertEquals(99.0, l.percentileMillis(99));
        assertEquals(100.0, l.percentileMillis(100));
        assertEquals(1.0, l.percentileMillis(0.5));
        assertEquals(100.0, l.maxMillis());
        assertEquals(50.5, l.meanMillis(), 1e-9);
    }

    @Test
    void fewSamplesRoundTheRankUp() {
        Latencies l = millis(30, 10, 20);
        assertEquals(20.0, l.percentileMillis(50));
        assertEquals(30.0, l.percentileMillis(90));
        assertEquals(30.0, l.percentileMillis(99));
        assertEquals(10.0, l.percentileMillis(33));
        assertEquals(20.0, l.percentileMillis(34));
    }

    @Test
    void aSlowTailShowsOnlyInTheHighPercentiles() {
        Latencies l = new Latencies();
        for (int i = 0; i < 990; i++) {
            l.record(2_000_000L);
        }
        for (int i = 0; i < 10; i++) {
            l.record(500_000_000L);
        }
        assertEquals(2.0, l.percentileMillis(50));
        assertEquals(2.0, l.percentileMillis(99));
        assertEquals(500.0, l.percentileMillis(99.1));
        assertEquals(500.0, l.maxMillis());
    }

    @Test
    void recordingAfterReadingKeepsPercentilesRight() {
        Latencies l = millis(5, 1);
        assertEquals(1.0, l.percentileMillis(50));
        l.record(0);
        l.record(0);
        assertEquals(0.0, l.percentileMillis(50));
        assertEquals(5.0, l.maxMillis());
        assertEquals(4, l.count());
    }

    @Test
    void growsPastItsInitialCapacity() {
        Latencies l = new Latencies();
        for (int i = 10_000; i >= 1; i--) {
            l.record(i * 1000L);
        }
        assertEquals(10_000, l.count());
        assertEquals(5.0, l.percentileMillis(50));
        assertEquals(9.9, l.percentileMillis(99), 1e-9);
    }

    @Test
    void emptyAndOutOfRange() {
        Latencies l = new Latencies();
        assertTrue(Double.isNaN(l.percentileMillis(50)));
        assertTrue(Double.isNaN(l.maxMillis()));
        assertTrue(Double.isNaN(l.meanMillis()));
        assertThrows(IllegalArgumentException.class, () -> l.percentileMillis(0));
        assertThrows(IllegalArgumentException.class, () -> l.percentileMillis(100.1));
    }
}
