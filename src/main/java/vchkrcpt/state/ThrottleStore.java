package vchkrcpt.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The throttle's store: one file, one lock, in a {@link StateDirectory}.
 * <ul>
 * <li>{@code throttle}: the whole table ({@link ThrottleCodec}). Never written in place: a new one
 * is written beside it and renamed over it.
 * <li>{@code throttle.tmp}: the new table while it is written. Only the holder of the lock writes
 * it; a crash can leave it behind, and the next writer removes it.
 * <li>{@code throttle.lock}: empty. A writer holds an exclusive fcntl lock on it from reading the
 * table to the rename; the kernel releases it when the writer ends, however it ends.
 * </ul>
 * Readers take no lock: a rename replaces the name at once, so a reader opens the old table or the
 * new one, each whole. A writer reads the table again under the lock, changes it and renames the
 * new one in, so no update can be lost. A crash at any step leaves the old table (before the
 * rename) or the new one (after), and at most a {@code throttle.tmp} that nobody reads.
 * <p>
 * POSIX locks belong to a process, and a second lock on the file from the same JVM throws instead
 * of waiting: the threads of one JVM (the resident server) first take turns on a lock of the JVM.
 */
public final class ThrottleStore {
    public static final String STATE = "throttle";
    public static final String TEMPORARY = "throttle.tmp";
    public static final String LOCK = "throttle.lock";
    /** The longest file there can be: ThrottleCodec's header plus the bound on its body. */
    public static final int MAX_FILE = 64 * 1024;

    /** Held across the file lock, for every directory. */
    private static final ReentrantLock JVM_WRITERS = new ReentrantLock();

    private final StateDirectory directory;

    public ThrottleStore(StateDirectory directory) {
        this.directory = directory;
    }

    public StateDirectory directory() {
        return directory;
    }

    /** The table's bytes as they are (unchecked), without a lock; null when there is none yet. */
    public byte[] read() throws IOException {
        return directory.read(STATE, MAX_FILE);
    }

    /** A change of the table, made under the lock. */
    public interface Change {
        /**
         * @param current the table's bytes as they are now (unchecked), or null
         * @return the new table, or null to leave it as it is
         */
        byte[] apply(byte[] current) throws IOException;
    }

    /**
     * One writer at a time: takes the lock, reads the table, replaces it with the change.
     *
     * @return false when the lock stayed busy for {@code timeoutMillis}
     */
    public boolean change(long timeoutMillis, Change change) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            if (!JVM_WRITERS.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + directory.path().resolve(LOCK));
        }
        try (FileChannel lockFile = directory.openLockFile(LOCK)) {
            if (!lock(lockFile, deadline)) {
                return false;
            }
            byte[] next = change.apply(read());
            if (next != null) {
                directory.replace(STATE, TEMPORARY, next);
            }
            return true;
        } finally {
            // Closing the lock file (above) released the file lock first.
            JVM_WRITERS.unlock();
        }
    }

    /**
     * Takes the file lock before the deadline. When it is busy, the thread sleeps in the kernel
     * until the holder lets go (a thousand waiting helpers must leave the CPU to the holder, not
     * poll), and a timer closes the file at the deadline, which ends the wait.
     */
    private boolean lock(FileChannel file, long deadline) throws IOException {
        if (file.tryLock() != null) {
            return true;
        }
        Timer timer = new Timer(file, deadline);
        timer.start();
        try {
            file.lock();
        } catch (IOException e) {
            // The timer closed the file (AsynchronousCloseException): the wait is over. An interrupt
            // (FileLockInterruptionException) or anything else is thrown on.
            if (file.isOpen() || Thread.currentThread().isInterrupted()) {
                throw e;
            }
        } finally {
            timer.cancel();
        }
        return file.isOpen();
    }

    /** Closes the lock file at the deadline unless cancelled first; the close ends a wait in lock(). */
    private static final class Timer extends Thread {
        private final FileChannel file;
        private final long deadline;
        private boolean cancelled;

        Timer(FileChannel file, long deadline) {
            super("throttle lock timer");
            setDaemon(true);
            this.file = file;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (!cancelled) {
                    try {
                        file.close();
                    } catch (IOException e) {
                        // It is closed either way.
                    }
                }
            }
        }

        /** After this, the timer cannot close the file: a lock taken stays taken. */
        synchronized void cancel() {
            cancelled = true;
            interrupt();
        }
    }
}
