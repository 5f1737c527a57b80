package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

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
        bytes[ThrottleCodec.HEADER + 3 + 3 + 1 + 8 + 3] = 's';
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, ThrottleCodec.HEADER, bytes.length - ThrottleCodec.HEADER);
        int sum = (int) crc.getValue();
        bytes[12] = (byte) (sum >>> 24);
        bytes[13] = (byte) (sum >>> 16);
        bytes[14] = (byte) (sum >>> 8);
        bytes[15] = (byte) sum;
        CorruptState e = assertThrows(CorruptState.class, () -> ThrottleCodec.decode(bytes));
        assertEquals("duplicate key at byte " + (ThrottleCodec.HEADER + 15), e.getMessage());
    }
}
