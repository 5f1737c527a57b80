package vchkrcpt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;

import vchkrcpt.state.CorruptState;
import vchkrcpt.state.Ownership;
import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleFile;
import vchkrcpt.state.ThrottleTable;

/** The throttle state read under its lock, for the admin commands; helpers wait while it is held. */
final class LockedState implements AutoCloseable {
    /** An admin can wait longer than a helper; a helper waiting for us gives up after 200 ms and skips. */
    static final long LOCK_TIMEOUT_MILLIS = 5000;

    private final ThrottleFile file;
    private final RandomAccessFile lock;
    private final ThrottleTable table;

    private LockedState(ThrottleFile file, RandomAccessFile lock, ThrottleTable table) {
        this.file = file;
        this.lock = lock;
        this.table = table;
    }

    static LockedState open(ThrottleFile file, PrintWriter err) throws IOException {
        RandomAccessFile lock = file.lock(LOCK_TIMEOUT_MILLIS);
        try {
            Ownership.matchDirectory(file.directory(), file.lockFile());
            byte[] content = file.read();
            ThrottleTable table = new ThrottleTable();
            if (content != null) {
                try {
                    table = ThrottleCodec.decode(content);
                } catch (CorruptState e) {
                    err.println("vchkrcpt: warning: throttle state " + file.state() + " is corrupt (" + e.getMessage()
                            + "): treated as empty");
                }
            }
            return new LockedState(file, lock, table);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    ThrottleTable table() {
        return table;
    }

    void save() throws IOException {
        file.write(ThrottleCodec.encode(table));
        Ownership.matchDirectory(file.directory(), file.state());
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
