package vchkrcpt.state;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The bytes of the two kinds of state file.
 * <p>
 * The base ({@code throttle}): a 24-byte header, magic {@code VCTS}, version, three zero bytes,
 * the generation (u64), the body's length (u32) and the CRC-32 of all the other bytes of the file
 * (u32); then the entries, each
 * {@code kind(1) keyLength(2) key pairCount(1)} and {@code second(4) count(4)} per pair, seconds
 * strictly ascending. Anything else, a file cut short or extended included, is {@link CorruptState}:
 * the checksum and the exact length catch a torn write, the structure checks what a checksum over
 * garbage could let through by chance.
 * <p>
 * A journal ({@code throttle.journal.N}): events one after the other, each
 * {@code kind(1) keyLength(2) second(4) key crc(4)}, the CRC-32 over all before it. The last event
 * may be incomplete while a helper is writing it: that is not an error.
 * <p>
 * All numbers big-endian. The checksum is zlib's CRC-32 because the JVM has loaded that class at
 * start-up already; CRC32C would be one more class to load on every helper call.
 */
public final class ThrottleCodec {
    public static final int HEADER = 24;
    private static final int VERSION = 1;
    private static final int EVENT_OVERHEAD = 11;

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
        putInt(out, 8, (int) (table.generation() >>> 32));
        putInt(out, 12, (int) table.generation());
        putInt(out, 16, bodySize);
        int at = HEADER;
        for (ThrottleTable.Entry e : table.entries()) {
            out[at++] = e.kind;
            at = putKey(out, at, e.key);
            out[at++] = (byte) e.pairs;
            for (int p = 0; p < e.pairs; p++) {
                putInt(out, at, (int) e.seconds[p]);
                putInt(out, at + 4, e.counts[p]);
                at += 8;
            }
        }
        putInt(out, 20, baseCrc(out));
        return out;
    }

    /**
     * Checks a base through and through without building anything: what the helper does before it
     * looks keys up in the bytes.
     *
     * @return the base's generation
     */
    public static long check(byte[] file) throws CorruptState {
        if (file.length < HEADER) {
            throw new CorruptState(file.length + " bytes, shorter than the header");
        }
        if (file[0] != 'V' || file[1] != 'C' || file[2] != 'T' || file[3] != 'S') {
            throw new CorruptState("not a vchkrcpt state file");
        }
        if (file[4] != VERSION || file[5] != 0 || file[6] != 0 || file[7] != 0) {
            throw new CorruptState("unknown version " + (file[4] & 0xff));
        }
        long bodySize = getInt(file, 16) & 0xffffffffL;
        if (bodySize != file.length - HEADER) {
            throw new CorruptState(file.length + " bytes, the header says " + (HEADER + bodySize));
        }
        if (getInt(file, 20) != baseCrc(file)) {
            throw new CorruptState("checksum mismatch");
        }
        long generation = (long) getInt(file, 8) << 32 | getInt(file, 12) & 0xffffffffL;
        if (generation < 0) {
            throw new CorruptState("bad generation");
        }
        int at = HEADER;
        while (at < file.length) {
            if (file.length - at < 4) {
                throw new CorruptState("entry cut short at byte " + at);
            }
            int keyLength = getShort(file, at + 1);
            if (!validKind(file[at]) || keyLength == 0 || keyLength > ThrottleTable.MAX_KEY
                    || file.length - at - 4 < keyLength) {
                throw new CorruptState("bad entry at byte " + at);
            }
            at += 3 + keyLength;
            int pairs = file[at++] & 0xff;
            if (pairs == 0 || pairs > ThrottleTable.MAX_PAIRS || file.length - at < 8 * pairs) {
                throw new CorruptState("bad pair count at byte " + (at - 1));
            }
            long previous = -1;
            for (int p = 0; p < pairs; p++) {
                long second = getInt(file, at) & 0xffffffffL;
                if (second <= previous || getInt(file, at + 4) <= 0) {
                    throw new CorruptState("bad pair at byte " + at);
                }
                previous = second;
                at += 8;
            }
        }
        return generation;
    }

    public static ThrottleTable decode(byte[] file) throws CorruptState {
        ThrottleTable table = new ThrottleTable();
        table.generation(check(file));
        int at = HEADER;
        while (at < file.length) {
            byte kind = file[at];
            int keyLength = getShort(file, at + 1);
            String key = new String(file, at + 3, keyLength, StandardCharsets.ISO_8859_1);
            if (table.find(kind, key) != null) {
                throw new CorruptState("duplicate key at byte " + at);
            }
            at += 3 + keyLength;
            int pairs = file[at++] & 0xff;
            ThrottleTable.Entry e = table.put(kind, key, pairs);
            for (int p = 0; p < pairs; p++) {
                e.append(getInt(file, at) & 0xffffffffL, getInt(file, at + 4));
                at += 8;
            }
        }
        return table;
    }

    /** The rejections of one key in a checked base that count at {@code now}, read in place. */
    public static int count(byte[] base, byte kind, String key, long now, int window) {
        int at = HEADER;
        while (at < base.length) {
            int keyLength = getShort(base, at + 1);
            boolean match = base[at] == kind && sameKey(base, at + 3, keyLength, key);
            at += 3 + keyLength;
            int pairs = base[at++] & 0xff;
            if (match) {
                int sum = 0;
                for (int p = 0; p < pairs; p++) {
                    if (kind == ThrottleTable.SESSION || now - (getInt(base, at + 8 * p) & 0xffffffffL) < window) {
                        sum += getInt(base, at + 8 * p + 4);
                    }
                }
                return sum;
            }
            at += 8 * pairs;
        }
        return 0;
    }

    private static boolean sameKey(byte[] bytes, int at, int length, String key) {
        if (length != key.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((bytes[at + i] & 0xff) != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** One journal event: one more rejection of this key at this second. */
    public static byte[] event(byte kind, String key, long second) {
        byte[] out = new byte[EVENT_OVERHEAD + key.length()];
        out[0] = kind;
        putShort(out, 1, key.length());
        putInt(out, 3, (int) second);
        for (int i = 0; i < key.length(); i++) {
            out[7 + i] = (byte) key.charAt(i);
        }
        putInt(out, out.length - 4, crc(out, 0, out.length - 4));
        return out;
    }

    /**
     * How much of a journal is whole events. An incomplete last event is being written: it ends
     * the whole part quietly.
     *
     * @throws CorruptState for a bad event; {@link CorruptState#wholeLength()} says where the good ones end
     */
    public static int check(byte[] journal, int length) throws CorruptState {
        int at = 0;
        while (length - at >= EVENT_OVERHEAD) {
            int keyLength = getShort(journal, at + 1);
            if (!validKind(journal[at]) || keyLength == 0 || keyLength > ThrottleTable.MAX_KEY) {
                throw new CorruptState("bad event at byte " + at, at);
            }
            int end = at + EVENT_OVERHEAD + keyLength;
            if (end > length) {
                break;
            }
            if (getInt(journal, end - 4) != crc(journal, at, end - 4 - at)) {
                throw new CorruptState("checksum mismatch at byte " + at, at);
            }
            at = end;
        }
        return at;
    }

    /** The events of one key in the first {@code whole} bytes of a journal that count at {@code now}. */
    public static int count(byte[] journal, int whole, byte kind, String key, long now, int window) {
        int sum = 0;
        int at = 0;
        while (at < whole) {
            int keyLength = getShort(journal, at + 1);
            if (journal[at] == kind && sameKey(journal, at + 7, keyLength, key)
                    && (kind == ThrottleTable.SESSION || now - (getInt(journal, at + 3) & 0xffffffffL) < window)) {
                sum++;
            }
            at += EVENT_OVERHEAD + keyLength;
        }
        return sum;
    }

    /**
     * Adds a journal's whole events to the table; then, for a bad event, CorruptState, the events
     * before it added.
     */
    public static void fold(byte[] journal, ThrottleTable table) throws CorruptState {
        int whole;
        CorruptState problem = null;
        try {
            whole = check(journal, journal.length);
        } catch (CorruptState e) {
            whole = e.wholeLength();
            problem = e;
        }
        int at = 0;
        while (at < whole) {
            int keyLength = getShort(journal, at + 1);
            table.add(journal[at], new String(journal, at + 7, keyLength, StandardCharsets.ISO_8859_1),
                    getInt(journal, at + 3) & 0xffffffffL);
            at += EVENT_OVERHEAD + keyLength;
        }
        if (problem != null) {
            throw problem;
        }
    }

    private static boolean validKind(byte kind) {
        return kind == ThrottleTable.SENDER || kind == ThrottleTable.CLIENT || kind == ThrottleTable.SESSION;
    }

    private static int putKey(byte[] out, int at, String key) {
        putShort(out, at, key.length());
        at += 2;
        for (int i = 0; i < key.length(); i++) {
            out[at++] = (byte) key.charAt(i);
        }
        return at;
    }

    /** Over the whole base but the checksum field itself. */
    private static int baseCrc(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, 0, 20);
        crc.update(file, HEADER, file.length - HEADER);
        return (int) crc.getValue();
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static int getShort(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
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
