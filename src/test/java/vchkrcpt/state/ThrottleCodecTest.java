package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

class ThrottleCodecTest {
    private static final long T0 = 1_800_000_000L;

    private static ThrottleTable sample() {
        ThrottleTable table = new ThrottleTable();
        for (int i = 0; i < 20; i++) {
            table.add(ThrottleTable.SENDER, "spam@x", T0 + i);
        }
        table.add(ThrottleTable.CLIENT, "2001:db8::1", T0);
        table.add(ThrottleTable.SESSION, "4242:123456", T0 + 5);
        table.add(ThrottleTable.SENDER, "\u00e9\u00ff@x", T0);
        return table;
    }

    @Test
    void roundTrips() throws CorruptState {
        byte[] bytes = ThrottleCodec.encode(sample());
        ThrottleTable back = ThrottleCodec.decode(bytes);
        assertEquals(20, back.count(ThrottleTable.SENDER, "spam@x", T0 + 19, 3600));
        assertEquals(1, back.count(ThrottleTable.CLIENT, "2001:db8::1", T0, 3600));
        assertEquals(1, back.count(ThrottleTable.SESSION, "4242:123456", T0, 3600));
        assertEquals(1, back.count(ThrottleTable.SENDER, "\u00e9\u00ff@x", T0, 3600));
        assertArrayEquals(bytes, ThrottleCodec.encode(back));
        assertEquals(ThrottleCodec.HEADER, ThrottleCodec.encode(new ThrottleTable()).length);
    }

    @Test
    void everyTruncationIsCorrupt() {
        byte[] bytes = ThrottleCodec.encode(sample());
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThrows(CorruptState.class, () -> ThrottleCodec.decode(cut), "cut to " + length);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(CorruptState.class, () -> ThrottleCodec.decode(longer));
    }

    @Test
    void everyFlippedBitIsCorrupt() {
        byte[] bytes = ThrottleCodec.encode(sample());
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(CorruptState.class, () -> ThrottleCodec.decode(flipped), "bit " + bit);
        }
    }

    @Test
    void garbageIsCorrupt() {
        Random random = new Random(4);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            assertThrows(CorruptState.class, () -> ThrottleCodec.decode(garbage));
        }
    }

    @Test
    void aWellSummedBodyWithABadStructureIsCorrupt() {
        ThrottleTable table = new ThrottleTable();
        table.add(ThrottleTable.SENDER, "s@x", T0);
        table.add(ThrottleTable.SENDER, "t@x", T0);
        byte[] bytes = ThrottleCodec.encode(table);
        // Rename t@x to s@x and fix the checksum: a duplicate key.
        int second = ThrottleCodec.HEADER + 1 + 2 + 3 + 1 + 8;
        bytes[second + 3] = 's';
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, 20);
        crc.update(bytes, ThrottleCodec.HEADER, bytes.length - ThrottleCodec.HEADER);
        int sum = (int) crc.getValue();
        bytes[20] = (byte) (sum >>> 24);
        bytes[21] = (byte) (sum >>> 16);
        bytes[22] = (byte) (sum >>> 8);
        bytes[23] = (byte) sum;
        CorruptState e = assertThrows(CorruptState.class, () -> ThrottleCodec.decode(bytes));
        assertEquals("duplicate key at byte " + second, e.getMessage());
    }

    @Test
    void theGenerationRoundTrips() throws CorruptState {
        ThrottleTable table = sample();
        table.generation(0x1_0000_0002L);
        assertEquals(0x1_0000_0002L, ThrottleCodec.decode(ThrottleCodec.encode(table)).generation());
    }

    private static byte[] journal(String... senders) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < senders.length; i++) {
            out.writeBytes(ThrottleCodec.event(ThrottleTable.SENDER, senders[i], T0 + i));
        }
        return out.toByteArray();
    }

    @Test
    void journalEventsFoldIntoTheTable() throws CorruptState {
        ThrottleTable table = new ThrottleTable();
        table.add(ThrottleTable.SENDER, "s@x", T0 - 10);
        ThrottleCodec.fold(journal("s@x", "t@x", "s@x"), table);
        assertEquals(3, table.count(ThrottleTable.SENDER, "s@x", T0 + 2, 3600));
        assertEquals(1, table.count(ThrottleTable.SENDER, "t@x", T0 + 2, 3600));
        ThrottleTable.Entry s = table.find(ThrottleTable.SENDER, "s@x");
        assertEquals(T0 + 2, s.lastSecond());
    }

    @Test
    void anIncompleteLastEventIsOneStillBeingWritten() throws CorruptState {
        byte[] whole = journal("s@x", "t@x");
        int first = whole.length / 2;
        for (int length = first; length < whole.length; length++) {
            ThrottleTable table = new ThrottleTable();
            ThrottleCodec.fold(Arrays.copyOf(whole, length), table);
            assertEquals(1, table.entries().size(), "cut to " + length);
        }
    }

    @Test
    void aBadEventIsCorruptAfterTheGoodOnesBeforeIt() {
        byte[] bytes = journal("s@x", "t@x", "u@x");
        bytes[bytes.length / 2] ^= 1;
        ThrottleTable table = new ThrottleTable();
        assertThrows(CorruptState.class, () -> ThrottleCodec.fold(bytes, table));
        assertEquals(1, table.entries().size());
        byte[] garbage = new byte[100];
        new Random(7).nextBytes(garbage);
        assertThrows(CorruptState.class, () -> ThrottleCodec.fold(garbage, new ThrottleTable()));
    }
}
