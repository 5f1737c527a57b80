package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThrottleTableTest {
    private static final int WINDOW = 3600;
    private static final long T0 = 1_800_000_000L;
    private final ThrottleTable table = new ThrottleTable();

    @Test
    void aRejectionCountsForExactlyTheWindow() {
        table.add(ThrottleTable.SENDER, "s@x", T0);
        table.add(ThrottleTable.SENDER, "s@x", T0 + 100);
        assertEquals(2, table.count(ThrottleTable.SENDER, "s@x", T0 + WINDOW - 1, WINDOW));
        assertEquals(1, table.count(ThrottleTable.SENDER, "s@x", T0 + WINDOW, WINDOW));
        assertEquals(0, table.count(ThrottleTable.SENDER, "s@x", T0 + 100 + WINDOW, WINDOW));
        assertEquals(0, table.count(ThrottleTable.CLIENT, "s@x", T0, WINDOW), "kinds are apart");
    }

    @Test
    void expiryDropsOldPairsAndThenTheKey() {
        table.add(ThrottleTable.CLIENT, "192.0.2.1", T0);
        table.add(ThrottleTable.CLIENT, "192.0.2.1", T0 + 10);
        table.expire(T0 + WINDOW, WINDOW);
        assertEquals(1, table.find(ThrottleTable.CLIENT, "192.0.2.1").pairs);
        table.expire(T0 + 10 + WINDOW, WINDOW);
        assertNull(table.find(ThrottleTable.CLIENT, "192.0.2.1"));
    }

    @Test
    void aSessionCountsAllItsRejectionsUntilItIsQuietForAWindow() {
        table.add(ThrottleTable.SESSION, "42:1000", T0);
        table.add(ThrottleTable.SESSION, "42:1000", T0 + WINDOW);
        assertEquals(2, table.count(ThrottleTable.SESSION, "42:1000", T0 + 2 * WINDOW - 1, WINDOW));
        table.expire(T0 + 2 * WINDOW - 1, WINDOW);
        assertNotNull(table.find(ThrottleTable.SESSION, "42:1000"));
        table.expire(T0 + 2 * WINDOW, WINDOW);
        assertNull(table.find(ThrottleTable.SESSION, "42:1000"));
    }

    @Test
    void countsStayExactWhenPairsMergeAndMergedOnesLastLonger() {
        for (int i = 0; i < 100; i++) {
            table.add(ThrottleTable.SENDER, "s@x", T0 + i);
        }
        ThrottleTable.Entry e = table.find(ThrottleTable.SENDER, "s@x");
        assertEquals(ThrottleTable.MAX_PAIRS, e.pairs);
        assertEquals(100, e.count(T0 + 99, WINDOW));
        // The 85 oldest were merged into the second T0 + 84: they expire then, never earlier.
        assertEquals(100, e.count(T0 + 84 + WINDOW - 1, WINDOW));
        assertEquals(15, e.count(T0 + 84 + WINDOW, WINDOW));
    }

    @Test
    void manyRejectionsInOneSecondAreOnePair() {
        for (int i = 0; i < 200; i++) {
            table.add(ThrottleTable.SENDER, "s@x", T0);
        }
        assertEquals(1, table.find(ThrottleTable.SENDER, "s@x").pairs);
        assertEquals(200, table.count(ThrottleTable.SENDER, "s@x", T0, WINDOW));
    }

    @Test
    void aClockSteppingBackLosesNoCount() {
        table.add(ThrottleTable.SENDER, "s@x", T0 + 50);
        table.add(ThrottleTable.SENDER, "s@x", T0);
        assertEquals(2, table.count(ThrottleTable.SENDER, "s@x", T0 + 50, WINDOW));
    }

    @Test
    void theBoundEvictsTheKeysQuietLongest() {
        for (int i = 0; i < 1000; i++) {
            table.add(ThrottleTable.SENDER, "sender" + i + "@example.com", T0 + i);
        }
        table.bound(1000);
        assertTrue(table.bodySize() <= 1000);
        assertNotNull(table.find(ThrottleTable.SENDER, "sender999@example.com"));
        assertNull(table.find(ThrottleTable.SENDER, "sender0@example.com"));
        int kept = table.entries().size();
        assertNotNull(table.find(ThrottleTable.SENDER, "sender" + (1000 - kept) + "@example.com"));
        assertNull(table.find(ThrottleTable.SENDER, "sender" + (999 - kept) + "@example.com"));
    }

    @Test
    void overlongAndEmptyKeysAreNotKept() {
        table.add(ThrottleTable.SENDER, "a".repeat(ThrottleTable.MAX_KEY + 1), T0);
        table.add(ThrottleTable.CLIENT, "", T0);
        assertEquals(0, table.entries().size());
    }
}
