package vchkrcpt.state;

/**
 * What one helper call reads: the bytes of the base and of the journals after it, checked once and
 * then searched in place for the few keys of this call. Building the whole table instead would
 * cost the helper tens of milliseconds on a full base.
 */
public final class Snapshot {
    private final byte[] base;
    private final byte[] journal;
    private final int journalWhole;
    private final byte[] next;
    private final int nextWhole;

    /**
     * @param base    a checked base, or null
     * @param journal the base's journal, or null; only its first {@code journalWhole} bytes count
     * @param next    the journal after it, or null
     */
    Snapshot(byte[] base, byte[] journal, int journalWhole, byte[] next, int nextWhole) {
        this.base = base;
        this.journal = journal;
        this.journalWhole = journalWhole;
        this.next = next;
        this.nextWhole = nextWhole;
    }

    public int count(byte kind, String key, long now, int window) {
        int sum = 0;
        if (base != null) {
            sum += ThrottleCodec.count(base, kind, key, now, window);
        }
        if (journal != null) {
            sum += ThrottleCodec.count(journal, journalWhole, kind, key, now, window);
        }
        if (next != null) {
            sum += ThrottleCodec.count(next, nextWhole, kind, key, now, window);
        }
        return sum;
    }
}
