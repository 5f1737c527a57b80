package vchkrcpt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;

import vchkrcpt.log.DecisionLog;
import vchkrcpt.state.Ownership;
import vchkrcpt.state.ThrottleFile;
import vchkrcpt.state.ThrottleStore;
import vchkrcpt.state.ThrottleTable;

/**
 * The admin's access to the throttle state: under the lock of the base's writers, so that a
 * listing is one consistent version and a clear loses nothing recorded meanwhile. Helpers go on
 * appending to the journal all the while.
 */
final class LockedState {
    /** An admin can wait longer than a helper. */
    static final long LOCK_TIMEOUT_MILLIS = 5000;

    private LockedState() {
    }

    private static ThrottleStore store(ThrottleFile file, PrintWriter err, String corruptNote) {
        DecisionLog warnings = line -> err.println("vchkrcpt: " + new String(line, StandardCharsets.UTF_8));
        return new ThrottleStore(file, warnings, corruptNote);
    }

    private static long deadline() {
        return System.nanoTime() + LOCK_TIMEOUT_MILLIS * 1_000_000L;
    }

    /** Everything recorded, read under the lock. */
    static ThrottleTable read(ThrottleFile file, PrintWriter err) throws IOException {
        ThrottleStore store = store(file, err, "read as far as it is whole");
        RandomAccessFile lock = store.lock(deadline());
        if (lock == null) {
            throw busy(file);
        }
        try (lock) {
            Ownership.matchDirectory(file.directory(), file.lockFile());
            return store.read();
        }
    }

    /** Folds the journals into a new base with the edit applied; returns that base. */
    static ThrottleTable rewrite(ThrottleFile file, PrintWriter err, long now, int window, ThrottleStore.Edit edit)
            throws IOException {
        ThrottleTable table = store(file, err, "read as far as it is whole, and rewritten").compact(deadline(), true, now, window,
                vchkrcpt.state.FileThrottleState.MAX_BODY, edit);
        if (table == null) {
            throw busy(file);
        }
        Ownership.matchDirectory(file.directory(), file.lockFile());
        Ownership.matchDirectory(file.directory(), file.state());
        Ownership.matchDirectory(file.directory(), file.journal(table.generation()));
        return table;
    }

    private static IOException busy(ThrottleFile file) {
        return new IOException("unable to lock " + file.lockFile() + ": busy for more than " + LOCK_TIMEOUT_MILLIS
                + " ms");
    }
}
