package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

class ThrottleCodecTest {
    private static final long T0 = 1_800_000_000L;
    private static final int WINDOW = 3600;
    private static final int MAX_BODY = FileThrottleState.MAX_BODY;
    private static final byte S = ThrottleTable.SENDER;
    private static final byte I = ThrottleTable.CLIENT;
    private static final byte P = ThrottleTable.SESSION;

    /** One decision's write: each non-null key one more rejection. */
    private static byte[] record(byte[] file, long now, String sender, String client, String session) {
        return ThrottleCodec.record(file, new byte[] {S, I, P}, new String[] {sender, client, session}, now, WINDOW,
                MAX_BODY);
    }

    private static byte[] sample() {
        byte[] file = null;
        for (int i = 0; i < 20; i++) {
            file = record(file, T0 + i, "spam@x\0" + "192.0.2.7", null, null);
        }
        file = record(file, T0, null, "2001:db8:0:1::/64", "4242:123456");
        return record(file, T0, "\u00e9\u00ff@x", null, null);
    }

    private static List<String> keys(byte[] file) throws CorruptState {
        List<String> keys = new ArrayList<>();
        for (ThrottleTable.Entry e : ThrottleCodec.decode(file).entries()) {
            keys.add((char) e.kind() + e.key());
        }
        return keys;
    }

    @Test
    void countsWhatWasRecorded() throws CorruptState {
        byte[] file = sample();
        assertEquals(22, ThrottleCodec.check(file), "one write per decision");
        assertEquals(20, ThrottleCodec.count(file, S, "spam@x\0" + "192.0.2.7", T0 + 19, WINDOW));
        assertEquals(0, ThrottleCodec.count(file, S, "spam@x", T0 + 19, WINDOW), "another key: without a client");
        assertEquals(1, ThrottleCodec.count(file, I, "2001:db8:0:1::/64", T0, WINDOW));
        assertEquals(1, ThrottleCodec.count(file, P, "4242:123456", T0, WINDOW));
        assertEquals(1, ThrottleCodec.count(file, S, "\u00e9\u00ff@x", T0, WINDOW));
        assertEquals(0, ThrottleCodec.count(file, I, "\u00e9\u00ff@x", T0, WINDOW), "kinds are apart");
    }

    @Test
    void decodesAndEncodesTheSameBodyOneWriteLater() throws CorruptState {
        byte[] file = sample();
        ThrottleTable table = ThrottleCodec.decode(file);
        assertEquals(22, table.writes());
        byte[] again = ThrottleCodec.encode(table);
        assertEquals(23, ThrottleCodec.check(again));
        assertArrayEquals(Arrays.copyOfRange(file, ThrottleCodec.HEADER, file.length),
                Arrays.copyOfRange(again, ThrottleCodec.HEADER, again.length));
        assertEquals(ThrottleCodec.HEADER, ThrottleCodec.encode(new ThrottleTable()).length);
    }

    @Test
    void aWriteMovesTheEntriesItChangesToTheEnd() throws CorruptState {
        byte[] file = record(null, T0, "a@x", null, null);
        file = record(file, T0, "b@x", "192.0.2.1", null);
        file = record(file, T0, "c@x", null, null);
        assertEquals(List.of("Sa@x", "Sb@x", "I192.0.2.1", "Sc@x"), keys(file));
        file = record(file, T0 + 1, "a@x", "192.0.2.1", null);
        assertEquals(List.of("Sb@x", "Sc@x", "Sa@x", "I192.0.2.1"), keys(file));
        assertEquals(2, ThrottleCodec.count(file, S, "a@x", T0 + 1, WINDOW));
        assertEquals(2, ThrottleCodec.count(file, I, "192.0.2.1", T0 + 1, WINDOW));
    }

    @Test
    void whatHasLeftTheWindowIsDroppedFromTheFront() throws CorruptState {
        byte[] file = record(null, T0, "old@x", null, "1:1");
        file = record(file, T0 + 10, "s@x", null, null);
        file = record(file, T0 + WINDOW, "new@x", null, null);
        assertEquals(List.of("Ss@x", "Snew@x"), keys(file), "old@x and the quiet session left at T0 + WINDOW");
        file = record(file, T0 + 10 + WINDOW, "s@x", null, null);
        assertEquals(List.of("Snew@x", "Ss@x"), keys(file));
        assertEquals(1, ThrottleCodec.decode(file).entries().get(1).pairs, "its expired pair is gone too");
    }

    @Test
    void aFullFileLosesTheKeysQuietLongestAndStaysUnderItsBound() throws CorruptState {
        byte[] file = null;
        for (int i = 0; i < 3000; i++) {
            file = record(file, T0 + i, "sender" + i + "@example.com", null, null);
            assertTrue(file.length <= ThrottleStore.MAX_FILE, file.length + " bytes");
        }
        List<String> keys = keys(file);
        assertEquals("Ssender2999@example.com", keys.get(keys.size() - 1));
        int first = 3000 - keys.size();
        assertTrue(first > 0, "something was evicted");
        for (int i = 0; i < keys.size(); i++) {
            assertEquals("Ssender" + (first + i) + "@example.com", keys.get(i), "exactly the oldest went");
        }
        assertTrue(file.length > ThrottleStore.MAX_FILE - 100, "the bound is used: " + file.length);
    }

    @Test
    void countsStayExactAgainstAModel() throws CorruptState {
        // Within one window, over more distinct seconds than a key keeps pairs: merging loses nothing.
        Random random = new Random(12);
        Map<String, Integer> model = new HashMap<>();
        byte[] file = null;
        long now = T0;
        for (int i = 0; i < 5000; i++) {
            now += random.nextInt(10) == 0 ? 1 : 0;
            String sender = "s" + random.nextInt(40) + "@x";
            String client = random.nextBoolean() ? "192.0.2." + random.nextInt(10) : null;
            file = record(file, now, sender, client, null);
            model.merge("S" + sender, 1, Integer::sum);
            if (client != null) {
                model.merge("I" + client, 1, Integer::sum);
            }
        }
        assertTrue(now - T0 > 16 && now - T0 < WINDOW);
        for (Map.Entry<String, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), ThrottleCodec.count(file, (byte) e.getKey().charAt(0), e.getKey().substring(1),
                    now, WINDOW), e.getKey());
        }
        assertEquals(5000, ThrottleCodec.check(file));
    }

    @Test
    void oneDecisionCanCountTheSameKeyTwice() {
        byte[] file = ThrottleCodec.record(null, new byte[] {S, S}, new String[] {"s@x", "s@x"}, T0, WINDOW, MAX_BODY);
        assertEquals(2, ThrottleCodec.count(file, S, "s@x", T0, WINDOW));
    }

    @Test
    void overlongAndEmptyKeysAreNotKept() throws CorruptState {
        byte[] file = record(null, T0, "a".repeat(ThrottleTable.MAX_KEY + 1), "", null);
        assertEquals(List.of(), keys(file));
        file = record(file, T0, "a".repeat(ThrottleTable.MAX_KEY), null, null);
        assertEquals(1, keys(file).size());
    }

    @Test
    void theJournalStoresBaseOfVersionOneIsReadAsItIs() throws CorruptState {
        byte[] file = sample();
        file[4] = 1;
        fixChecksum(file);
        assertEquals(20, ThrottleCodec.count(file, S, "spam@x\0" + "192.0.2.7", T0 + 19, WINDOW));
        byte[] next = record(file, T0 + 20, "spam@x\0" + "192.0.2.7", null, null);
        assertEquals(2, next[4], "written as version 2");
        file[4] = 3;
        fixChecksum(file);
        assertEquals("unknown version 3", assertThrows(CorruptState.class, () -> ThrottleCodec.check(file)).getMessage());
    }

    @Test
    void everyTruncationIsCorrupt() {
        byte[] bytes = sample();
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(CorruptState.class, () -> ThrottleCodec.check(cut), "cut to " + length);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(CorruptState.class, () -> ThrottleCodec.check(longer));
    }

    @Test
    void everyFlippedBitIsCorrupt() {
        byte[] bytes = sample();
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(CorruptState.class, () -> ThrottleCodec.check(flipped), "bit " + bit);
        }
    }

    @Test
    void garbageIsCorrupt() {
        Random random = new Random(4);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            assertThrows(CorruptState.class, () -> ThrottleCodec.check(garbage));
        }
    }

    @Test
    void aWellSummedBodyWithABadStructureIsCorrupt() {
        byte[] bytes = record(record(null, T0, "s@x", null, null), T0, "t@x", null, null);
        // Rename t@x to s@x and fix the checksum: a duplicate key.
        int second = ThrottleCodec.HEADER + 1 + 2 + 3 + 1 + 8;
        bytes[second + 3] = 's';
        fixChecksum(bytes);
        CorruptState e = assertThrows(CorruptState.class, () -> ThrottleCodec.decode(bytes));
        assertEquals("duplicate key at byte " + second, e.getMessage());
        // Seconds out of order.
        byte[] pairs = record(record(null, T0, "s@x", null, null), T0 + 1, "s@x", null, null);
        pairs[pairs.length - 16] = (byte) 0x7f;
        fixChecksum(pairs);
        assertThrows(CorruptState.class, () -> ThrottleCodec.check(pairs));
    }

    private static void fixChecksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 20);
        crc.update(bytes, ThrottleCodec.HEADER, bytes.length - ThrottleCodec.HEADER);
        int sum = (int) crc.getValue();
        bytes[20] = (byte) (sum >>> 24);
        bytes[21] = (byte) (sum >>> 16);
        bytes[22] = (byte) (sum >>> 8);
        bytes[23] = (byte) sum;
    }
}
