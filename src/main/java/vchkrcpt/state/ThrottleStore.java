package vchkrcpt.state;

import java.io.IOException;
import java.io.RandomAccessFile;

import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.LogText;

/**
 * The throttle table as {@link ThrottleFile} keeps it: a base plus the journals since. Reading takes
 * no lock; appending takes one byte of the journal; compaction (folding the journals into a new
 * base) takes the lock file and is the only writer of the base. A damaged base or journal is
 * reported once, what is readable of it is kept, and {@link #damaged()} asks for a compaction,
 * which rewrites both.
 */
public final class ThrottleStore {
    /** What compaction does to the table before writing it: add, remove, nothing. */
    public interface Edit {
        void apply(ThrottleTable table);
    }

    private final ThrottleFile file;
    private final DecisionLog warnings;
    private final String corruptNote;
    private boolean damaged;
    private long appendTo;
    private int journalBytes;

    /** @param corruptNote what happens to a corrupt file, for the warning: "starting afresh", "ignored" */
    public ThrottleStore(ThrottleFile file, DecisionLog warnings, String corruptNote) {
        this.file = file;
        this.warnings = warnings;
        this.corruptNote = corruptNote;
    }

    public ThrottleFile file() {
        return file;
    }

    /** True once a corrupt base or journal was seen: the next compaction repairs it. */
    public boolean damaged() {
        return damaged;
    }

    /** The size of the journals read by {@link #snapshot()}. */
    public int journalBytes() {
        return journalBytes;
    }

    /**
     * What the helper reads, without a lock: the base and its journal, plus the next journal when a
     * compaction has just closed this one and not yet written its base.
     */
    public Snapshot snapshot() throws IOException {
        byte[] base = file.readBase();
        long generation = 0;
        if (base != null) {
            try {
                generation = ThrottleCodec.check(base);
            } catch (CorruptState e) {
                corrupt(file.state().getPath(), e);
                base = null;
            }
        }
        byte[] journal = file.readJournal(generation);
        byte[] next = file.readJournal(generation + 1);
        appendTo = next == null ? generation : generation + 1;
        journalBytes = (journal == null ? 0 : journal.length) + (next == null ? 0 : next.length);
        return new Snapshot(base, journal, whole(journal, generation), next, whole(next, generation + 1));
    }

    private int whole(byte[] journal, long generation) {
        if (journal == null) {
            return 0;
        }
        try {
            return ThrottleCodec.check(journal, journal.length);
        } catch (CorruptState e) {
            corrupt(file.journal(generation).getPath(), e);
            return e.wholeLength();
        }
    }

    /** Everything recorded, as a table: what {@link #snapshot()} reads, for the admin. */
    public ThrottleTable read() throws IOException {
        ThrottleTable table = new ThrottleTable();
        byte[] base = file.readBase();
        if (base != null) {
            try {
                table = ThrottleCodec.decode(base);
            } catch (CorruptState e) {
                corrupt(file.state().getPath(), e);
            }
        }
        long generation = table.generation();
        fold(generation, table);
        fold(generation + 1, table);
        return table;
    }

    private void fold(long generation, ThrottleTable table) throws IOException {
        byte[] journal = file.readJournal(generation);
        if (journal != null) {
            try {
                ThrottleCodec.fold(journal, table);
            } catch (CorruptState e) {
                corrupt(file.journal(generation).getPath(), e);
            }
        }
    }

    private void corrupt(String path, CorruptState e) {
        if (!damaged) {
            damaged = true;
            warnings.write(LogText.escape("warning: throttle state " + path + " is corrupt (" + e.getMessage() + "): "
                    + corruptNote));
        }
    }

    /**
     * Appends events to the current journal, after {@link #snapshot()}.
     *
     * @return the journal's size after the append
     */
    public long append(byte[] events, long deadlineNanos) throws IOException {
        // A journal closes at most once per compaction, and a compaction needs the lock file.
        for (int tries = 0; tries < 3; tries++) {
            long size = file.append(appendTo, events, deadlineNanos);
            if (size != ThrottleFile.SEALED) {
                return size;
            }
            appendTo++;
        }
        throw new IOException("unable to append to " + file.journal(appendTo) + ": compactions keep closing it");
    }

    /** Holds the compaction lock while the admin reads. @return null when busy past the deadline */
    public RandomAccessFile lock(long deadlineNanos) throws IOException {
        return file.lock(deadlineNanos);
    }

    /**
     * Folds the journals into a new base, first forgetting what expired, then applying the edit,
     * then evicting down to {@code maxBody}.
     *
     * @param waitForLock false: when another process holds the lock, give up at once
     * @return the new base's table, or null when the lock or the journal stayed busy past the deadline
     */
    public ThrottleTable compact(long deadlineNanos, boolean waitForLock, long now, int window, int maxBody, Edit edit)
            throws IOException {
        RandomAccessFile lock = file.lock(waitForLock ? deadlineNanos : System.nanoTime());
        if (lock == null) {
            return null;
        }
        try (lock) {
            ThrottleTable table = new ThrottleTable();
            boolean baseKnown = false;
            byte[] base = file.readBase();
            if (base != null) {
                try {
                    table = ThrottleCodec.decode(base);
                    baseKnown = true;
                } catch (CorruptState e) {
                    corrupt(file.state().getPath(), e);
                }
            }
            long generation = table.generation();
            if (!baseKnown) {
                // Without a base, the newest journal is the one helpers append to.
                for (long g : file.journals()) {
                    generation = Math.max(generation, g);
                }
            }
            if (!file.seal(generation, deadlineNanos)) {
                return null;
            }
            // Listed after the seal: a journal an appender created just before it is folded too.
            long[] journals = file.journals();
            for (long g : journals) {
                if (g <= generation && (g == generation || !baseKnown)) {
                    fold(g, table);
                }
            }
            table.expire(now, window);
            edit.apply(table);
            table.bound(maxBody);
            table.generation(generation + 1);
            file.writeBase(ThrottleCodec.encode(table));
            for (long g : journals) {
                if (g <= generation) {
                    file.deleteJournal(g);
                }
            }
            damaged = false;
            return table;
        }
    }
}
