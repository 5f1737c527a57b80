package vchkrcpt.state;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The state file's bytes. A 16-byte header: magic {@code VCTS}, version, three zero bytes, the
 * body's length and the CRC-32 of the body (both big-endian u32). The body: one entry after the
 * other, each {@code kind(1) keyLength(2) key pairCount(1)} then {@code second(4) count(4)} per
 * pair, seconds strictly ascending. Anything else, including a file cut short or extended, is
 * {@link CorruptState}: the checksum and the exact length catch a torn write; the structure checks
 * catch what a checksum over garbage could let through by chance. The checksum is zlib's CRC-32
 * because the JVM has loaded that class at start-up already; CRC32C would be one more class to
 * load from the runtime image on every helper call.
 */
public final class ThrottleCodec {
    public static final int HEADER = 16;
    private static final int VERSION = 1;

    private ThrottleCodec() {
    }

    public static byte[] encode(ThrottleTable table) {
        int bodySize = table.bodySize();
        byte[] out = new byte[HEADER + bodySize];
        out[0] = 'V';
        out[1] = 'C';
        out[2] = 'T';
        out[3] = 'S';
        out[4] = VERSION;
        putInt(out, 8, bodySize);
        int at = HEADER;
        for (ThrottleTable.Entry e : table.entries()) {
            out[at++] = e.kind;
            int length = e.key.length();
            out[at++] = (byte) (length >>> 8);
            out[at++] = (byte) length;
            for (int i = 0; i < length; i++) {
                out[at++] = (byte) e.key.charAt(i);
            }
            out[at++] = (byte) e.pairs;
            for (int p = 0; p < e.pairs; p++) {
                putInt(out, at, (int) e.seconds[p]);
                putInt(out, at + 4, e.counts[p]);
                at += 8;
            }
        }
        putInt(out, 12, crc(out));
        return out;
    }

    public static ThrottleTable decode(byte[] file) throws CorruptState {
        if (file.length < HEADER) {
            throw new CorruptState(file.length + " bytes, shorter than the header");
        }
        if (file[0] != 'V' || file[1] != 'C' || file[2] != 'T' || file[3] != 'S') {
            throw new CorruptState("not a vchkrcpt state file");
        }
        if (file[4] != VERSION || file[5] != 0 || file[6] != 0 || file[7] != 0) {
            throw new CorruptState("unknown version " + (file[4] & 0xff));
        }
        long bodySize = getInt(file, 8) & 0xffffffffL;
        if (bodySize != file.length - HEADER) {
            throw new CorruptState(file.length + " bytes, the header says " + (HEADER + bodySize));
        }
        if (getInt(file, 12) != crc(file)) {
            throw new CorruptState("checksum mismatch");
        }
        ThrottleTable table = new ThrottleTable();
        int at = HEADER;
        while (at < file.length) {
            if (file.length - at < 4) {
                throw new CorruptState("entry cut short at byte " + at);
            }
            byte kind = file[at];
            if (kind != ThrottleTable.SENDER && kind != ThrottleTable.CLIENT && kind != ThrottleTable.SESSION) {
                throw new CorruptState("unknown entry kind at byte " + at);
            }
            int keyLength = (file[at + 1] & 0xff) << 8 | file[at + 2] & 0xff;
            if (keyLength == 0 || keyLength > ThrottleTable.MAX_KEY || file.length - at - 4 < keyLength) {
                throw new CorruptState("bad key length at byte " + at);
            }
            String key = new String(file, at + 3, keyLength, StandardCharsets.ISO_8859_1);
            at += 3 + keyLength;
            int pairs = file[at++] & 0xff;
            if (pairs == 0 || pairs > ThrottleTable.MAX_PAIRS || file.length - at < 8 * pairs) {
                throw new CorruptState("bad pair count at byte " + (at - 1));
            }
            if (table.find(kind, key) != null) {
                throw new CorruptState("duplicate key at byte " + (at - 4 - keyLength));
            }
            ThrottleTable.Entry e = table.put(kind, key, pairs);
            long previous = -1;
            for (int p = 0; p < pairs; p++) {
                long second = getInt(file, at) & 0xffffffffL;
                int count = getInt(file, at + 4);
                if (second <= previous || count <= 0) {
                    throw new CorruptState("bad pair at byte " + at);
                }
                e.append(second, count);
                previous = second;
                at += 8;
            }
        }
        return table;
    }

    private static int crc(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, HEADER, file.length - HEADER);
        return (int) crc.getValue();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }
}
