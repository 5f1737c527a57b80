package vchkrcpt.state;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/**
 * The files in the state directory and the few operations on them.
 * <ul>
 * <li>{@code throttle}, the base: the table as of its generation N. Replaced whole, through
 * {@code throttle.tmp} and a rename, so a reader sees one version or the other.
 * <li>{@code throttle.journal.N}: the rejections recorded since, one appended event each. An event
 * is one write() in append mode, which the kernel keeps whole and in order among appenders.
 * <li>{@code throttle.lock}: held by whoever writes a new base (compaction, admin commands).
 * </ul>
 * Appenders must not write to a journal that is being folded into a new base: each holds a lock on
 * one byte of its own in a range of the journal while it checks that journal N+1 does not exist
 * and writes. The folder creates journal N+1, which sends every later appender there, then locks
 * the whole range, which waits for the appends in flight, and only then reads journal N. No helper
 * ever waits for more than a single write of another process, and only while a journal closes.
 * <p>
 * There is no fsync: the state is advisory. A power loss that tears a file costs its counts; the
 * checksums see to it that it costs nothing else.
 */
public final class ThrottleFile {
    public static final String STATE = "throttle";
    public static final String LOCK = "throttle.lock";
    public static final String TEMPORARY = "throttle.tmp";
    public static final String JOURNAL = "throttle.journal.";
    /** What {@link #append} returns when the journal was closed: append to the next one. */
    public static final long SEALED = -1;

    /** The byte range of a journal that appenders and the folder lock, beyond any real data. */
    static final long SLOTS_START = 1L << 40;
    static final long SLOTS = 1L << 30;

    private final File directory;
    private final File state;
    private final File lock;
    private final File temporary;

    public ThrottleFile(File directory) {
        this.directory = directory;
        this.state = new File(directory, STATE);
        this.lock = new File(directory, LOCK);
        this.temporary = new File(directory, TEMPORARY);
    }

    public File directory() {
        return directory;
    }

    public File state() {
        return state;
    }

    public File lockFile() {
        return lock;
    }

    public File journal(long generation) {
        return new File(directory, JOURNAL + generation);
    }

    /** @return the base's bytes, or null when there is none yet */
    public byte[] readBase() throws IOException {
        return read(state, true);
    }

    /** @return the journal's bytes, or null when there is none */
    public byte[] readJournal(long generation) throws IOException {
        return read(journal(generation), false);
    }

    private byte[] read(File file, boolean checkDirectory) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            if (checkDirectory && !directory.isDirectory()) {
                throw new IOException("state directory " + directory + " does not exist");
            }
            if (!file.exists()) {
                return null;
            }
            throw new IOException("unable to read " + e.getMessage());
        }
    }

    /**
     * Appends events to journal {@code generation} unless it is closed.
     *
     * @return the journal's size after the append, or {@link #SEALED}
     * @throws IOException also when a folder held the journal past the deadline
     */
    public long append(long generation, byte[] events, long deadlineNanos) throws IOException {
        File journal = journal(generation);
        FileOutputStream out;
        try {
            out = new FileOutputStream(journal, true);
        } catch (FileNotFoundException e) {
            throw new IOException("unable to open " + e.getMessage());
        }
        try (out) {
            // Any byte of the range will do; two appenders on one byte just take turns.
            long slot = SLOTS_START + (System.nanoTime() >>> 3) % SLOTS;
            if (waitFor(out.getChannel(), slot, 1, deadlineNanos) == null) {
                throw new IOException("unable to lock " + journal + ": busy for more than "
                        + FileThrottleState.LOCK_TIMEOUT_MILLIS + " ms");
            }
            if (journal(generation + 1).exists()) {
                // An empty closed journal holds nothing to fold; one opened from a stale view is made
                // here, by the open above: remove it rather than leave it behind.
                if (out.getChannel().size() == 0) {
                    journal.delete();
                }
                return SEALED;
            }
            try {
                out.write(events);
            } catch (IOException e) {
                throw new IOException("unable to write " + journal + ": " + e.getMessage());
            }
            return out.getChannel().size();
        }
    }

    /**
     * Closes journal {@code generation} to appenders: creates the next journal, which sends every
     * later appender there, then waits for the appends still in flight. Call with {@link #lock}
     * held; calling it again for the same journal is harmless.
     *
     * @return false when appends kept the journal busy past the deadline
     */
    public boolean seal(long generation, long deadlineNanos) throws IOException {
        try {
            new FileOutputStream(journal(generation + 1), true).close();
            try (RandomAccessFile journal = new RandomAccessFile(journal(generation), "rw")) {
                return waitFor(journal.getChannel(), SLOTS_START, SLOTS, deadlineNanos) != null;
            }
        } catch (FileNotFoundException e) {
            throw new IOException("unable to create " + e.getMessage());
        }
    }

    /**
     * Takes the lock of whoever writes a new base. Closing the returned file releases it.
     *
     * @return null when another process held it past the deadline
     */
    public RandomAccessFile lock(long deadlineNanos) throws IOException {
        RandomAccessFile file;
        try {
            file = new RandomAccessFile(lock, "rw");
        } catch (FileNotFoundException e) {
            if (!directory.isDirectory()) {
                throw new IOException("state directory " + directory + " does not exist");
            }
            throw new IOException("unable to open " + e.getMessage());
        }
        try {
            if (waitFor(file.getChannel(), 0, Long.MAX_VALUE, deadlineNanos) == null) {
                file.close();
                return null;
            }
            return file;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static FileLock waitFor(FileChannel channel, long position, long size, long deadlineNanos)
            throws IOException {
        try {
            while (true) {
                FileLock held = channel.tryLock(position, size, false);
                if (held != null) {
                    return held;
                }
                if (System.nanoTime() - deadlineNanos > 0) {
                    return null;
                }
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            throw new IOException("interrupted while waiting for a lock");
        }
    }

    /** Replaces the base: write {@code throttle.tmp}, rename it over {@code throttle}. Call with {@link #lock} held. */
    public void writeBase(byte[] content) throws IOException {
        try (FileOutputStream out = new FileOutputStream(temporary)) {
            out.write(content);
        } catch (FileNotFoundException e) {
            throw new IOException("unable to create " + e.getMessage());
        } catch (IOException e) {
            temporary.delete();
            throw new IOException("unable to write " + temporary + ": " + e.getMessage());
        }
        if (!temporary.renameTo(state)) {
            temporary.delete();
            throw new IOException("unable to rename " + temporary + " to " + state);
        }
    }

    /** The generations of the journals present, in no particular order. */
    public long[] journals() {
        String[] names = directory.list();
        if (names == null) {
            return new long[0];
        }
        long[] found = new long[names.length];
        int n = 0;
        for (String name : names) {
            if (name.startsWith(JOURNAL)) {
                long generation = number(name.substring(JOURNAL.length()));
                if (generation >= 0) {
                    found[n++] = generation;
                }
            }
        }
        return java.util.Arrays.copyOf(found, n);
    }

    public void deleteJournal(long generation) throws IOException {
        File journal = journal(generation);
        if (!journal.delete() && journal.exists()) {
            throw new IOException("unable to remove " + journal);
        }
    }

    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
