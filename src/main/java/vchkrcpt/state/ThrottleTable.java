package vchkrcpt.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The throttle's memory, without I/O: for each sender, client address and SMTP session, its
 * rejections as (second, count) pairs in ascending order, the entries in the order of their last
 * change, oldest first. Time is passed in, so expiry is tested without waiting.
 * <p>
 * Counts are exact: adding never drops a rejection. A key keeps at most {@link #MAX_PAIRS} pairs;
 * when one more second is needed, the two oldest pairs are merged into the newer one, so those
 * rejections count a little longer than the window (never shorter).
 */
public final class ThrottleTable {
    public static final byte SENDER = 'S';
    public static final byte CLIENT = 'I';
    public static final byte SESSION = 'P';

    public static final int MAX_PAIRS = 16;
    /** A sender of up to 1000 bytes with its client address. */
    public static final int MAX_KEY = 1100;

    private final List<Entry> entries = new ArrayList<>();
    private long writes;

    /** One key's rejections. Senders and clients count within the window; sessions count all. */
    public static final class Entry {
        final byte kind;
        final String key;
        long[] seconds;
        int[] counts;
        int pairs;

        Entry(byte kind, String key, int capacity) {
            this.kind = kind;
            this.key = key;
            this.seconds = new long[Math.max(capacity, 1)];
            this.counts = new int[Math.max(capacity, 1)];
        }

        public byte kind() {
            return kind;
        }

        public String key() {
            return key;
        }

        /** The second of the latest rejection. */
        public long lastSecond() {
            return seconds[pairs - 1];
        }

        /** Rejections that count now: within the window, or all of a session's. */
        public int count(long now, int window) {
            int sum = 0;
            for (int i = 0; i < pairs; i++) {
                if (kind == SESSION || now - seconds[i] < window) {
                    sum += counts[i];
                }
            }
            return sum;
        }

        void append(long second, int count) {
            if (pairs == seconds.length) {
                seconds = Arrays.copyOf(seconds, pairs + 4);
                counts = Arrays.copyOf(counts, pairs + 4);
            }
            seconds[pairs] = second;
            counts[pairs] = count;
            pairs++;
        }

        /** One more rejection at {@code now}. */
        void add(long now) {
            if (pairs > 0 && now <= seconds[pairs - 1]) {
                // Same second, or the clock stepped back: keep the order, lose no count.
                counts[pairs - 1] = saturatedAdd(counts[pairs - 1], 1);
                return;
            }
            if (pairs == MAX_PAIRS) {
                counts[1] = saturatedAdd(counts[1], counts[0]);
                System.arraycopy(seconds, 1, seconds, 0, pairs - 1);
                System.arraycopy(counts, 1, counts, 0, pairs - 1);
                pairs--;
            }
            append(now, 1);
        }

        /** Drops the pairs that no longer count; a session goes as a whole when it has been quiet a window long. */
        void expire(long now, int window) {
            if (pairs == 0) {
                return;
            }
            if (kind == SESSION) {
                if (now - lastSecond() >= window) {
                    pairs = 0;
                }
                return;
            }
            int keep = 0;
            while (keep < pairs && now - seconds[keep] >= window) {
                keep++;
            }
            if (keep > 0) {
                System.arraycopy(seconds, keep, seconds, 0, pairs - keep);
                System.arraycopy(counts, keep, counts, 0, pairs - keep);
                pairs -= keep;
            }
        }

        int encodedSize() {
            return 1 + 2 + key.length() + 1 + 8 * pairs;
        }

        private static int saturatedAdd(int a, int b) {
            int sum = a + b;
            return sum < 0 ? Integer.MAX_VALUE : sum;
        }
    }

    /** How many times the file was written: one more with every write. */
    public long writes() {
        return writes;
    }

    void writes(long value) {
        writes = value;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Appends a decoded entry; the codec checks the pairs. */
    Entry put(byte kind, String key, int pairs) {
        Entry e = new Entry(kind, key, pairs);
        entries.add(e);
        return e;
    }

    /** @return how many entries were removed */
    public int removeIf(Predicate<Entry> which) {
        int before = entries.size();
        entries.removeIf(which);
        return before - entries.size();
    }

    /** Forgets what no longer counts at {@code now}. */
    public void expire(long now, int window) {
        for (Entry e : entries) {
            e.expire(now, window);
        }
        entries.removeIf(e -> e.pairs == 0);
    }

    /** The size of the encoded entries, without the file header. */
    int bodySize() {
        int size = 0;
        for (Entry e : entries) {
            size += e.encodedSize();
        }
        return size;
    }
}
