package vchkrcpt.state;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The bytes of the state file, {@code throttle}.
 * <p>
 * A 24-byte header: magic {@code VCTS}, version (2), three zero bytes, the number of writes so far
 * (u64), the body's length (u32) and the CRC-32 of all the other bytes of the file (u32). Then
 * the entries, each {@code kind(1) keyLength(2) key pairCount(1)} and {@code second(4) count(4)}
 * per pair, seconds strictly ascending. Anything else, a file cut short or extended included, is
 * {@link CorruptState}: the checksum and the exact length catch a torn file, the structure checks
 * what a checksum over garbage could let through by chance. Version 1 (the journal store's base)
 * has the same layout and is read as it is.
 * <p>
 * The entries stand in the order of their last change, oldest first: a write moves the entries it
 * changes to the end. So what has expired, and what goes first when the file is full, is always
 * at the front, and a write is a few copies of byte ranges, whatever the size of the file: no
 * helper ever decodes the whole table.
 * <p>
 * All numbers big-endian. The checksum is zlib's CRC-32 because the JVM has loaded that class at
 * start-up already; CRC32C would be one more class to load on every helper call.
 */
public final class ThrottleCodec {
    public static final int HEADER = 24;
    private static final int VERSION = 2;

    private ThrottleCodec() {
    }

    /** The file that replaces the one the table was read from: the table, one write more. */
    public static byte[] encode(ThrottleTable table) {
        int bodySize = table.bodySize();
        byte[] out = new byte[HEADER + bodySize];
        int at = HEADER;
        for (ThrottleTable.Entry e : table.entries()) {
            at = put(out, at, e);
        }
        seal(out, table.writes() + 1);
        return out;
    }

    private static int put(byte[] out, int at, ThrottleTable.Entry e) {
        out[at++] = e.kind;
        putShort(out, at, e.key.length());
        at += 2;
        for (int i = 0; i < e.key.length(); i++) {
            out[at++] = (byte) e.key.charAt(i);
        }
        out[at++] = (byte) e.pairs;
        for (int p = 0; p < e.pairs; p++) {
            putInt(out, at, (int) e.seconds[p]);
            putInt(out, at + 4, e.counts[p]);
            at += 8;
        }
        return at;
    }

    /** Writes the header of a file whose body is in place. */
    private static void seal(byte[] out, long writes) {
        out[0] = 'V';
        out[1] = 'C';
        out[2] = 'T';
        out[3] = 'S';
        out[4] = VERSION;
        putInt(out, 8, (int) (writes >>> 32));
        putInt(out, 12, (int) writes);
        putInt(out, 16, out.length - HEADER);
        putInt(out, 20, crc(out));
    }

    /**
     * Checks a file through and through without building anything: what the helper does before
     * it looks keys up in the bytes.
     *
     * @return the number of writes the file records
     */
    public static long check(byte[] file) throws CorruptState {
        if (file.length < HEADER) {
            throw new CorruptState(file.length + " bytes, shorter than the header");
        }
        if (file[0] != 'V' || file[1] != 'C' || file[2] != 'T' || file[3] != 'S') {
            throw new CorruptState("not a vchkrcpt state file");
        }
        if ((file[4] != 1 && file[4] != VERSION) || file[5] != 0 || file[6] != 0 || file[7] != 0) {
            throw new CorruptState("unknown version " + (file[4] & 0xff));
        }
        long bodySize = getInt(file, 16) & 0xffffffffL;
        if (bodySize != file.length - HEADER) {
            throw new CorruptState(file.length + " bytes, the header says " + (HEADER + bodySize));
        }
        if (getInt(file, 20) != crc(file)) {
            throw new CorruptState("checksum mismatch");
        }
        long writes = writes(file);
        if (writes < 0) {
            throw new CorruptState("bad number of writes");
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
        return writes;
    }

    private static long writes(byte[] file) {
        return (long) getInt(file, 8) << 32 | getInt(file, 12) & 0xffffffffL;
    }

    public static ThrottleTable decode(byte[] file) throws CorruptState {
        ThrottleTable table = new ThrottleTable();
        table.writes(check(file));
        Set<String> seen = new HashSet<>();
        for (int at = HEADER; at < file.length; at = end(file, at)) {
            ThrottleTable.Entry e = entry(file, at);
            if (!seen.add((char) e.kind + e.key)) {
                throw new CorruptState("duplicate key at byte " + at);
            }
            table.entries().add(e);
        }
        return table;
    }

    /** The entry at {@code at} of a checked file. */
    private static ThrottleTable.Entry entry(byte[] file, int at) {
        int keyLength = getShort(file, at + 1);
        ThrottleTable.Entry e = new ThrottleTable.Entry(file[at],
                new String(file, at + 3, keyLength, StandardCharsets.ISO_8859_1), 0);
        int pairs = file[at + 3 + keyLength] & 0xff;
        for (int p = at + 4 + keyLength; p < at + 4 + keyLength + 8 * pairs; p += 8) {
            e.append(getInt(file, p) & 0xffffffffL, getInt(file, p + 4));
        }
        return e;
    }

    /** Where the entry at {@code at} of a checked file ends. */
    private static int end(byte[] file, int at) {
        int keyLength = getShort(file, at + 1);
        return at + 4 + keyLength + 8 * (file[at + 3 + keyLength] & 0xff);
    }

    /** The entry of this key in a checked file, or -1. */
    private static int find(byte[] file, byte kind, String key) {
        for (int at = HEADER; at < file.length; at = end(file, at)) {
            if (file[at] == kind && sameKey(file, at + 3, getShort(file, at + 1), key)) {
                return at;
            }
        }
        return -1;
    }

    /** The rejections of one key in a checked file that count at {@code now}, read in place. */
    public static int count(byte[] file, byte kind, String key, long now, int window) {
        int at = find(file, kind, key);
        if (at < 0) {
            return 0;
        }
        int sum = 0;
        for (int p = at + 4 + key.length(); p < end(file, at); p += 8) {
            if (kind == ThrottleTable.SESSION || now - (getInt(file, p) & 0xffffffffL) < window) {
                sum += getInt(file, p + 4);
            }
        }
        return sum;
    }

    /**
     * The file after one more rejection of each key at {@code now} (a null key is skipped; a key
     * longer than {@link ThrottleTable#MAX_KEY} is not kept). The changed entries, with what has
     * expired of them dropped, go to the end; from the front, entries whose last rejection has
     * left the window are dropped, and then the oldest ones while the body would be longer than
     * {@code maxBody}.
     *
     * @param file a checked file, or null to start from none
     */
    public static byte[] record(byte[] file, byte[] kinds, String[] keys, long now, int window, int maxBody) {
        int length = file == null ? HEADER : file.length;
        // One pass: where each entry starts (and the end, last), and which are the keys' entries.
        int[] starts = new int[(length - HEADER) / MIN_ENTRY + 2];
        int entries = 0;
        int[] from = new int[keys.length];
        for (int i = 0; i < from.length; i++) {
            from[i] = -1;
        }
        for (int at = HEADER; at < length; at = end(file, at)) {
            starts[entries++] = at;
            for (int i = 0; i < keys.length; i++) {
                if (from[i] < 0 && keys[i] != null && file[at] == kinds[i]
                        && sameKey(file, at + 3, getShort(file, at + 1), keys[i])) {
                    from[i] = at;
                }
            }
        }
        starts[entries] = length;

        ThrottleTable.Entry[] changed = new ThrottleTable.Entry[keys.length];
        int changedSize = 0;
        int movedSize = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || keys[i].isEmpty() || keys[i].length() > ThrottleTable.MAX_KEY) {
                from[i] = -1;
                continue;
            }
            int same = firstOf(kinds, keys, changed, i);
            if (same >= 0) {
                // The same key twice in one decision: one entry, one more rejection.
                changed[same].add(now);
                from[i] = -1;
                continue;
            }
            if (from[i] >= 0) {
                changed[i] = entry(file, from[i]);
                movedSize += end(file, from[i]) - from[i];
            } else {
                changed[i] = new ThrottleTable.Entry(kinds[i], keys[i], 1);
            }
            changed[i].expire(now, window);
            changed[i].add(now);
        }
        for (ThrottleTable.Entry e : changed) {
            changedSize += e == null ? 0 : e.encodedSize();
        }

        // From the front: what has expired, then the oldest while the body would be too long.
        int body = length - HEADER - movedSize + changedSize;
        int first = 0;
        for (; first < entries; first++) {
            int at = starts[first];
            if (!contains(from, at)) {
                long last = getInt(file, starts[first + 1] - 8) & 0xffffffffL;
                if (now - last < window && body <= maxBody) {
                    break;
                }
                body -= starts[first + 1] - at;
            }
        }

        byte[] out = new byte[HEADER + body];
        int to = HEADER;
        int copyFrom = starts[first];
        for (int at : sorted(from)) {
            if (at >= copyFrom) {
                System.arraycopy(file, copyFrom, out, to, at - copyFrom);
                to += at - copyFrom;
                copyFrom = end(file, at);
            }
        }
        if (file != null) {
            System.arraycopy(file, copyFrom, out, to, length - copyFrom);
            to += length - copyFrom;
        }
        for (ThrottleTable.Entry e : changed) {
            if (e != null) {
                to = put(out, to, e);
            }
        }
        seal(out, file == null ? 1 : writes(file) + 1);
        return out;
    }

    /** The smallest entry: kind, key length, a one-byte key, pair count, one pair. */
    private static final int MIN_ENTRY = 1 + 2 + 1 + 1 + 8;

    /** The index of an earlier key of the same kind and text that has an entry, or -1. */
    private static int firstOf(byte[] kinds, String[] keys, ThrottleTable.Entry[] changed, int before) {
        for (int i = 0; i < before; i++) {
            if (changed[i] != null && kinds[i] == kinds[before] && keys[i].equals(keys[before])) {
                return i;
            }
        }
        return -1;
    }

    /** A few values in ascending order (insertion sort: Arrays.sort would load its classes on every call). */
    private static int[] sorted(int[] values) {
        int[] copy = values.clone();
        for (int i = 1; i < copy.length; i++) {
            for (int j = i; j > 0 && copy[j - 1] > copy[j]; j--) {
                int swap = copy[j];
                copy[j] = copy[j - 1];
                copy[j - 1] = swap;
            }
        }
        return copy;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
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

    private static boolean validKind(byte kind) {
        return kind == ThrottleTable.SENDER || kind == ThrottleTable.CLIENT || kind == ThrottleTable.SESSION;
    }

    /** Over the whole file but the checksum field itself. */
    private static int crc(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, 0, 20);
        crc.update(file, HEADER, file.length - HEADER);
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
