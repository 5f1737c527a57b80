package vchkrcpt.state;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;

/**
 * The files in the state directory: {@code throttle} (the state), {@code throttle.lock} and
 * {@code throttle.tmp}. A writer holds an exclusive lock on {@code throttle.lock}, writes the new
 * state to {@code throttle.tmp} and renames it over {@code throttle}. The lock lives in its own
 * file because a rename replaces the state file's inode, and a lock on the old inode would no
 * longer exclude anybody. Readers need no lock: they open one inode and see one whole version.
 * <p>
 * There is no fsync: the state is advisory, and a power loss that leaves a torn or empty file is
 * caught by the checksum, costing only the counts. An fsync under the lock would make every
 * counted rejection wait for the disk, and every other helper wait for that one.
 */
public final class ThrottleFile {
    public static final String STATE = "throttle";
    public static final String LOCK = "throttle.lock";
    public static final String TEMPORARY = "throttle.tmp";

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

    public File temporary() {
        return temporary;
    }

    /** @return the state file's bytes, or null when there is none yet */
    public byte[] read() throws IOException {
        try (FileInputStream in = new FileInputStream(state)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            if (!directory.isDirectory()) {
                throw new IOException("state directory " + directory + " does not exist");
            }
            if (!state.exists()) {
                return null;
            }
            throw new IOException("unable to read " + e.getMessage());
        }
    }

    /**
     * Takes the exclusive lock, polling, for at most {@code timeoutMillis}. Closing the returned
     * file releases it.
     */
    public RandomAccessFile lock(long timeoutMillis) throws IOException {
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
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                FileLock held = file.getChannel().tryLock();
                if (held != null) {
                    return file;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("unable to lock " + lock + ": busy for more than " + timeoutMillis + " ms");
                }
                Thread.sleep(1);
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        } catch (InterruptedException e) {
            file.close();
            throw new IOException("unable to lock " + lock + ": interrupted");
        }
    }

    /** Replaces the state: write {@code throttle.tmp}, rename it over {@code throttle}. Call with the lock held. */
    public void write(byte[] content) throws IOException {
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
}
