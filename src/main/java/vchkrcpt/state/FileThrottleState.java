package vchkrcpt.state;

import java.io.IOException;
import java.util.Arrays;

import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.LogText;
import vchkrcpt.policy.ThrottleState;

/**
 * The throttle state of one decision, in a {@link ThrottleStore}. Counts come from one lock-free
 * read, made on first use; a decision that counts is one write under the lock. Two helpers
 * deciding at the same moment may both see a count just below a limit: a limit can be passed by
 * as many helpers as run at once; the count stays exact.
 * <p>
 * Every fault (no directory, a refused file, no permission, disk full, lock busy past the timeout)
 * is one {@code warning:} line, and the throttle is skipped for the rest of the decision. A
 * corrupt file is reported, read as empty, and replaced by the next write.
 */
public final class FileThrottleState implements ThrottleState {
    /** The table stays under 64 KiB whatever the traffic: the keys quiet longest go first. */
    public static final int MAX_BODY = ThrottleStore.MAX_FILE - ThrottleCodec.HEADER;

    private final ThrottleStore store;
    private final int window;
    private final String session;
    private final EpochClock clock;
    private final DecisionLog warnings;
    private final boolean writable;
    private final long lockTimeoutMillis;

    private byte[] table;
    private boolean read;
    private boolean skipped;
    private boolean damaged;

    /**
     * @param session           this SMTP session's key, or null when it is unknown (no session count)
     * @param writable          false for {@code vchkrcpt check}: it reads the state and never changes it
     * @param lockTimeoutMillis the longest a decision waits for the lock before it gives up recording
     */
    public FileThrottleState(ThrottleStore store, int window, String session, EpochClock clock, DecisionLog warnings,
            boolean writable, long lockTimeoutMillis) {
        this.store = store;
        this.window = window;
        this.session = session;
        this.clock = clock;
        this.warnings = warnings;
        this.writable = writable;
        this.lockTimeoutMillis = lockTimeoutMillis;
    }

    @Override
    public int senderRejections(String sender) {
        return count(ThrottleTable.SENDER, sender);
    }

    @Override
    public int clientRejections(String client) {
        return count(ThrottleTable.CLIENT, client);
    }

    @Override
    public int sessionRejections() {
        return session == null ? 0 : count(ThrottleTable.SESSION, session);
    }

    private int count(byte kind, String key) {
        if (!read) {
            read = true;
            try {
                table = checked(store.read());
            } catch (IOException e) {
                skip("throttle skipped: " + e.getMessage());
            } catch (RuntimeException e) {
                // A defect of ours must not turn into a verdict either.
                skip("throttle skipped: " + e);
            }
        }
        return table == null ? 0 : ThrottleCodec.count(table, kind, key, clock.seconds(), window);
    }

    /** @return the bytes when they are a whole table, else null (reported once) */
    private byte[] checked(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            ThrottleCodec.check(bytes);
            return bytes;
        } catch (CorruptState e) {
            if (!damaged) {
                damaged = true;
                warnings.write(LogText.escape("warning: throttle state " + store.directory().path()
                        .resolve(ThrottleStore.STATE) + " is corrupt (" + e.getMessage() + "): "
                        + (writable ? "starting afresh" : "ignored")));
            }
            return null;
        }
    }

    @Override
    public void record(String sender, String client, boolean inSession) {
        String sessionKey = inSession ? session : null;
        boolean counts = sender != null || client != null || sessionKey != null;
        // A corrupt table is replaced even by a decision that counts nothing.
        if (!writable || skipped || !(counts || damaged)) {
            return;
        }
        long now = clock.seconds();
        byte[] kinds = {ThrottleTable.SENDER, ThrottleTable.CLIENT, ThrottleTable.SESSION};
        String[] keys = {sender, client, sessionKey};
        try {
            // Not a lambda: its method handles would be more classes to load on every helper call.
            boolean done = store.change(lockTimeoutMillis, new ThrottleStore.Change() {
                @Override
                public byte[] apply(byte[] current) {
                    // Unchanged since the read of this decision (the usual case): checked already.
                    byte[] base = table != null && Arrays.equals(current, table) ? table : checked(current);
                    return ThrottleCodec.record(base, kinds, keys, now, window, MAX_BODY);
                }
            });
            if (!done) {
                skip("throttle not updated: " + store.directory().path().resolve(ThrottleStore.LOCK)
                        + " stayed locked for " + lockTimeoutMillis + " ms");
            }
        } catch (IOException e) {
            skip("throttle not updated: " + e.getMessage());
        } catch (RuntimeException e) {
            skip("throttle not updated: " + e);
        }
    }

    private void skip(String message) {
        skipped = true;
        warnings.write(LogText.escape("warning: " + message));
    }
}
