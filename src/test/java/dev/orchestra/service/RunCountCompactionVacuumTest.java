package dev.orchestra.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the compaction vacuums the delta tables (no database: the decision alone). */
class RunCountCompactionVacuumTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void vacuumsAfterFoldsAtMostEveryFiveSecondsAndTheLastFoldsOfABurstOnALaterPass() {
        RunCountCompactionService compaction = new RunCountCompactionService(null, 1, 20_000);
        long t = System.nanoTime();
        assertFalse(compaction.vacuumDue(0, t), "nothing folded yet: nothing to vacuum");
        assertTrue(compaction.vacuumDue(10, t), "a fold: vacuum");
        assertFalse(compaction.vacuumDue(10, t + SECOND), "another fold a second later: not yet");
        assertFalse(compaction.vacuumDue(0, t + 2 * SECOND), "quiet, but within five seconds of the last vacuum");
        assertTrue(compaction.vacuumDue(0, t + 6 * SECOND), "quiet: the last fold's dead rows are vacuumed now");
        assertFalse(compaction.vacuumDue(0, t + 20 * SECOND), "and not again while nothing is folded");
    }
}
