package vchkrcpt.state;

import java.io.IOException;

import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.LogText;
import vchkrcpt.policy.ThrottleState;

/**
 * The throttle state of one helper call, in {@link ThrottleStore}. Counts come from one lock-free
 * read, made on first use; a rejection is one event appended to the journal, so concurrent helpers
 * lose no update and wait for no one but a compaction closing the journal. Two helpers deciding
 * at the same moment may both see a count just below a limit: a limit can be passed by as many
 * helpers as run at once; the count stays exact.
 * <p>
 * Every fault (no directory, no permission, disk full, lock busy past the timeout) is one
 * {@code warning:} line, and the throttle is skipped for the rest of the call. A corrupt file is
 * reported, read as far as it is whole, and rewritten.
 */
public final class FileThrottleState implements ThrottleState {
    /** The longest a helper waits for a lock before it gives up on recording. */
    public static final long LOCK_TIMEOUT_MILLIS = 200;
    /** The base stays under 64 KiB whatever the traffic: the keys quiet longest are evicted. */
    public static final int MAX_BODY = 64 * 1024 - ThrottleCodec.HEADER;
    /** A helper whose event makes the journal longer than this folds it into the base. */
    public static final int COMPACT_AT = 8 * 1024;
    /** Past this, a journal takes no more events until a compaction succeeds: the hard bound. */
    public static final int MAX_JOURNAL = 256 * 1024;

    private final ThrottleStore store;
    private final int window;
    private final String session;
    private final EpochClock clock;
    private final DecisionLog warnings;
    private final boolean writable;

    private Snapshot snapshot;
    private boolean skipped;

    /**
     * @param session  this SMTP session's key, or null when it is unknown (no session count)
     * @param writable false for {@code vchkrcpt check}: it reads the state and never changes it
     */
    public FileThrottleState(ThrottleFile file, int window, String session, EpochClock clock, DecisionLog warnings,
            boolean writable) {
        this.store = new ThrottleStore(file, warnings, writable ? "starting afresh" : "ignored");
        this.window = window;
        this.session = session;
        this.clock = clock;
        this.warnings = warnings;
        this.writable = writable;
    }

    @Override
    public int senderRejections(String sender) {
        return count(ThrottleTable.SENDER, sender);
    }

    @Override
    public int clientRejections(String clientIp) {
        return count(ThrottleTable.CLIENT, clientIp);
    }

    @Override
    public int sessionRejections() {
        return session == null ? 0 : count(ThrottleTable.SESSION, session);
    }

    private int count(byte kind, String key) {
        Snapshot read = snapshot();
        return read == null ? 0 : read.count(kind, key, clock.seconds(), window);
    }

    private Snapshot snapshot() {
        if (snapshot == null && !skipped) {
            try {
                snapshot = store.snapshot();
            } catch (IOException e) {
                skip("throttle skipped: " + e.getMessage());
            } catch (RuntimeException e) {
                // A defect of ours must not turn into a verdict either.
                skip("throttle skipped: " + e);
            }
        }
        return snapshot;
    }

    @Override
    public void record(String sender, String clientIp, boolean inSession) {
        String sessionKey = inSession ? session : null;
        boolean counts = sender != null || clientIp != null || sessionKey != null;
        if (!writable || !(counts || store.damaged()) || snapshot() == null) {
            return;
        }
        long deadline = System.nanoTime() + LOCK_TIMEOUT_MILLIS * 1_000_000L;
        long now = clock.seconds();
        try {
            if (store.damaged() || store.journalBytes() > MAX_JOURNAL) {
                if (compact(deadline, true, now, sender, clientIp, sessionKey) == null) {
                    throw new IOException("unable to rewrite " + store.file().state() + ": locked for more than "
                            + LOCK_TIMEOUT_MILLIS + " ms");
                }
                return;
            }
            byte[] events = events(sender, clientIp, sessionKey, now);
            if (events.length > 0 && store.append(events, deadline) > COMPACT_AT) {
                // When another helper holds the lock it is compacting already: leave it to that one.
                compact(deadline, false, now, null, null, null);
            }
        } catch (IOException e) {
            skip("throttle not updated: " + e.getMessage());
        } catch (RuntimeException e) {
            skip("throttle not updated: " + e);
        }
    }

    /** Folds the journal into a new base, with these rejections (null: none) in it. */
    private ThrottleTable compact(long deadline, boolean waitForLock, long now, String sender, String clientIp,
            String sessionKey) throws IOException {
        return store.compact(deadline, waitForLock, now, window, MAX_BODY, new ThrottleStore.Edit() {
            @Override
            public void apply(ThrottleTable table) {
                if (sender != null) {
                    table.add(ThrottleTable.SENDER, sender, now);
                }
                if (clientIp != null) {
                    table.add(ThrottleTable.CLIENT, clientIp, now);
                }
                if (sessionKey != null) {
                    table.add(ThrottleTable.SESSION, sessionKey, now);
                }
            }
        });
    }

    /** The journal events of one decision; a key the table would not keep is left out. */
    private static byte[] events(String sender, String clientIp, String sessionKey, long now) {
        byte[] a = event(ThrottleTable.SENDER, sender, now);
        byte[] b = event(ThrottleTable.CLIENT, clientIp, now);
        byte[] c = event(ThrottleTable.SESSION, sessionKey, now);
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    private static byte[] event(byte kind, String key, long now) {
        if (key == null || key.isEmpty() || key.length() > ThrottleTable.MAX_KEY) {
            return new byte[0];
        }
        return ThrottleCodec.event(kind, key, now);
    }

    private void skip(String message) {
        skipped = true;
        warnings.write(LogText.escape("warning: " + message));
    }
}
