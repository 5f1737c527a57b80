package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ThrottleTableTest {
    private static final int WINDOW = 3600;
    private static final long T0 = 1_800_000_000L;

    private static ThrottleTable.Entry entry(byte kind, long... seconds) {
        ThrottleTable.Entry e = new ThrottleTable.Entry(kind, "k", 1);
        for (long second : seconds) {
            e.add(second);
        }
        return e;
    }

    @Test
    void aRejectionCountsForExactlyTheWindow() {
        ThrottleTable.Entry e = entry(ThrottleTable.SENDER, T0, T0 + 100);
        assertEquals(2, e.count(T0 + WINDOW - 1, WINDOW));
        assertEquals(1, e.count(T0 + WINDOW, WINDOW));
        assertEquals(0, e.count(T0 + 100 + WINDOW, WINDOW));
    }

    @Test
    void expiryDropsOldPairsAndThenTheKey() {
        ThrottleTable table = new ThrottleTable();
        table.entries().add(entry(ThrottleTable.CLIENT, T0, T0 + 10));
        table.expire(T0 + WINDOW, WINDOW);
        assertEquals(1, table.entries().get(0).pairs);
        table.expire(T0 + 10 + WINDOW, WINDOW);
        assertEquals(List.of(), table.entries());
    }

    @Test
    void aSessionCountsAllItsRejectionsUntilItIsQuietForAWindow() {
        ThrottleTable table = new ThrottleTable();
        table.entries().add(entry(ThrottleTable.SESSION, T0, T0 + WINDOW));
        assertEquals(2, table.entries().get(0).count(T0 + 2 * WINDOW - 1, WINDOW));
        table.expire(T0 + 2 * WINDOW - 1, WINDOW);
        assertEquals(1, table.entries().size());
        table.expire(T0 + 2 * WINDOW, WINDOW);
        assertEquals(List.of(), table.entries());
    }

    @Test
    void countsStayExactWhenPairsMergeAndMergedOnesLastLonger() {
        ThrottleTable.Entry e = entry(ThrottleTable.SENDER);
        for (int i = 0; i < 100; i++) {
            e.add(T0 + i);
        }
        assertEquals(ThrottleTable.MAX_PAIRS, e.pairs);
        assertEquals(100, e.count(T0 + 99, WINDOW));
        // The 85 oldest were merged into the second T0 + 84: they expire then, never earlier.
        assertEquals(100, e.count(T0 + 84 + WINDOW - 1, WINDOW));
        assertEquals(15, e.count(T0 + 84 + WINDOW, WINDOW));
    }

    @Test
    void manyRejectionsInOneSecondAreOnePair() {
        ThrottleTable.Entry e = entry(ThrottleTable.SENDER);
        for (int i = 0; i < 200; i++) {
            e.add(T0);
        }
        assertEquals(1, e.pairs);
        assertEquals(200, e.count(T0, WINDOW));
    }

    @Test
    void aClockSteppingBackLosesNoCount() {
        ThrottleTable.Entry e = entry(ThrottleTable.SENDER, T0 + 50, T0);
        assertEquals(2, e.count(T0 + 50, WINDOW));
    }

    @Test
    void removesWhatIsAsked() {
        ThrottleTable table = new ThrottleTable();
        table.entries().add(entry(ThrottleTable.SENDER, T0));
        table.entries().add(entry(ThrottleTable.CLIENT, T0));
        assertEquals(1, table.removeIf(e -> e.kind() == ThrottleTable.CLIENT));
        assertEquals(0, table.removeIf(e -> e.kind() == ThrottleTable.CLIENT));
        assertEquals(1, table.entries().size());
    }
}
