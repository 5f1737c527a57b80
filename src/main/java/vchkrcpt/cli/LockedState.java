package vchkrcpt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Consumer;

import vchkrcpt.state.CorruptState;
import vchkrcpt.state.StateDirectory;
import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleStore;
import vchkrcpt.state.ThrottleTable;

/**
 * The admin's access to the throttle state. Reading takes no lock, as for the helpers: the table
 * is replaced by a rename, so one read is one whole version. A rewrite holds the writers' lock
 * from reading the table to renaming the new one in, so it loses nothing helpers record meanwhile.
 */
final class LockedState {
    /** An admin can wait longer than a helper. */
    static final long LOCK_TIMEOUT_MILLIS = 5000;

    private LockedState() {
    }

    /** The table as it is now. */
    static ThrottleTable read(StateDirectory directory, PrintWriter err) throws IOException {
        return decoded(new ThrottleStore(directory).read(), directory, err, "read as empty");
    }

    /** Under the lock: forgets what has expired, applies the edit, writes the table; returns it. */
    static ThrottleTable rewrite(StateDirectory directory, PrintWriter err, long now, int window,
            Consumer<ThrottleTable> edit) throws IOException {
        ThrottleTable[] written = new ThrottleTable[1];
        boolean done = new ThrottleStore(directory).change(LOCK_TIMEOUT_MILLIS, current -> {
            ThrottleTable table = decoded(current, directory, err, "replaced");
            table.expire(now, window);
            edit.accept(table);
            written[0] = table;
            return ThrottleCodec.encode(table);
        });
        if (!done) {
            throw new IOException("unable to lock " + directory.path().resolve(ThrottleStore.LOCK) + ": busy for more than "
                    + LOCK_TIMEOUT_MILLIS + " ms");
        }
        return written[0];
    }

    private static ThrottleTable decoded(byte[] bytes, StateDirectory directory, PrintWriter err, String corruptNote) {
        if (bytes == null) {
            return new ThrottleTable();
        }
        try {
            return ThrottleCodec.decode(bytes);
        } catch (CorruptState e) {
            err.println("vchkrcpt: warning: throttle state " + directory.path().resolve(ThrottleStore.STATE)
                    + " is corrupt (" + e.getMessage() + "): " + corruptNote);
            return new ThrottleTable();
        }
    }
}
