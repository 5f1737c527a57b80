package vchkrcpt.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The throttle's memory, without I/O: for each sender, client address and SMTP session, its
 * rejections as (second, count) pairs in ascending order. Time is passed in, so expiry is tested
 * without waiting.
 * <p>
 * Counts are exact: adding never drops a rejection. A key keeps at most {@link #MAX_PAIRS} pairs;
 * when one more second is needed, the two oldest pairs are merged into the newer one, so those
 * rejections count a little longer than the window (never shorter). The whole table is bounded by
 * {@link #bound(int)}, which evicts the keys that were quiet longest.
 */
public final class ThrottleTable {
    public static final byte SENDER = 'S';
    public static final byte CLIENT = 'I';
    public static final byte SESSION = 'P';

    public static final int MAX_PAIRS = 16;
    public static final int MAX_KEY = 1000;

    private final List<Entry> entries = new ArrayList<>();
    /** The same entries by kind and key: compaction folds hundreds of events into thousands of keys. */
    private final Map<String, Entry> index = new HashMap<>();
    private long generation;

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
            this.seconds = new long[capacity];
            this.counts = new int[capacity];
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

    /** The number of the journal that continues this table (see {@link ThrottleFile}). */
    public long generation() {
        return generation;
    }

    public void generation(long value) {
        generation = value;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry find(byte kind, String key) {
        return index.get(indexKey(kind, key));
    }

    private static String indexKey(byte kind, String key) {
        return (char) kind + key;
    }

    /** Rejections of this key that count at {@code now}. */
    public int count(byte kind, String key, long now, int window) {
        Entry e = find(kind, key);
        return e == null ? 0 : e.count(now, window);
    }

    /** One more rejection of this key at {@code now}. Keys longer than {@link #MAX_KEY} are not kept. */
    public void add(byte kind, String key, long now) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            return;
        }
        Entry e = find(kind, key);
        if (e == null) {
            e = new Entry(kind, key, 2);
            entries.add(e);
            index.put(indexKey(kind, key), e);
        }
        e.add(now);
    }

    /** Appends a decoded entry; the codec checks the pairs. */
    Entry put(byte kind, String key, int pairs) {
        Entry e = new Entry(kind, key, pairs);
        entries.add(e);
        index.put(indexKey(kind, key), e);
        return e;
    }

    public boolean remove(byte kind, String key) {
        Entry e = index.remove(indexKey(kind, key));
        return e != null && entries.remove(e);
    }

    public void clear() {
        entries.clear();
        index.clear();
    }

    /** Forgets what no longer counts at {@code now}. */
    public void expire(long now, int window) {
        List<Entry> kept = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            e.expire(now, window);
            if (e.pairs > 0) {
                kept.add(e);
            } else {
                index.remove(indexKey(e.kind, e.key));
            }
        }
        entries.clear();
        entries.addAll(kept);
    }

    /** The size of the encoded entries, without the file header. */
    public int bodySize() {
        int size = 0;
        for (int i = 0; i < entries.size(); i++) {
            size += entries.get(i).encodedSize();
        }
        return size;
    }

    /** Evicts the keys quiet longest until the encoded entries fit in {@code maxBody} bytes. */
    public void bound(int maxBody) {
        int size = bodySize();
        while (size > maxBody && !entries.isEmpty()) {
            Entry oldest = entries.get(0);
            for (int i = 1; i < entries.size(); i++) {
                if (entries.get(i).lastSecond() < oldest.lastSecond()) {
                    oldest = entries.get(i);
                }
            }
            size -= oldest.encodedSize();
            remove(oldest.kind, oldest.key);
        }
    }
}
