package vchkrcpt.state;

import java.io.IOException;
import java.io.RandomAccessFile;

import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.LogText;
import vchkrcpt.policy.ThrottleState;

/**
 * The throttle state in {@link ThrottleFile}. Counts come from one lock-free read of the file,
 * made on first use; a rejection is recorded under the lock on a fresh read, so concurrent helpers
 * lose no update. Two helpers deciding at the same moment may both see a count just below a limit:
 * the limit can be passed by as many helpers as run at once, the count stays exact.
 * <p>
 * Every fault (no directory, no permission, disk full, lock busy, corrupt file) is one
 * {@code warning:} line; after it the throttle is skipped for this call. A corrupt file is
 * treated as empty and rewritten.
 */
public final class FileThrottleState implements ThrottleState {
    /** How long a helper waits for the lock before it gives up on recording. */
    public static final long LOCK_TIMEOUT_MILLIS = 200;
    /** The bound of the entries in the file: the file stays under 64 KiB whatever the traffic. */
    public static final int MAX_BODY = 64 * 1024 - ThrottleCodec.HEADER;

    private final ThrottleFile file;
    private final int window;
    private final String session;
    private final EpochClock clock;
    private final DecisionLog warnings;
    private final boolean writable;

    private ThrottleTable snapshot;
    private boolean skipped;
    private boolean corrupt;

    /**
     * @param session  this SMTP session's key, or null when it is unknown (no session limit)
     * @param writable false for {@code vchkrcpt check}: it reads the state and never changes it
     */
    public FileThrottleState(ThrottleFile file, int window, String session, EpochClock clock, DecisionLog warnings,
            boolean writable) {
        this.file = file;
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
        ThrottleTable table = snapshot();
        return table == null ? 0 : table.count(kind, key, clock.seconds(), window);
    }

    private ThrottleTable snapshot() {
        if (snapshot == null && !skipped) {
            try {
                snapshot = decode(file.read());
            } catch (IOException e) {
                skip("throttle skipped: " + e.getMessage());
            }
        }
        return snapshot;
    }

    /** @return the table in these bytes; a corrupt file is reported once and read as empty */
    private ThrottleTable decode(byte[] content) {
        if (content == null) {
            return new ThrottleTable();
        }
        try {
            return ThrottleCodec.decode(content);
        } catch (CorruptState e) {
            if (!corrupt) {
                corrupt = true;
                warn("throttle state " + file.state() + " is corrupt (" + e.getMessage() + "): "
                        + (writable ? "starting afresh" : "ignored"));
            }
            return new ThrottleTable();
        }
    }

    @Override
    public void record(String sender, String clientIp, boolean inSession) {
        boolean counts = sender != null || clientIp != null || (inSession && session != null);
        if (!writable || skipped || !(counts || corrupt)) {
            return;
        }
        try (RandomAccessFile lock = file.lock(LOCK_TIMEOUT_MILLIS)) {
            ThrottleTable table = decode(file.read());
            long now = clock.seconds();
            table.expire(now, window);
            if (sender != null) {
                table.add(ThrottleTable.SENDER, sender, now);
            }
            if (clientIp != null) {
                table.add(ThrottleTable.CLIENT, clientIp, now);
            }
            if (inSession && session != null) {
                table.add(ThrottleTable.SESSION, session, now);
            }
            table.bound(MAX_BODY);
            file.write(ThrottleCodec.encode(table));
        } catch (IOException e) {
            skip("throttle not updated: " + e.getMessage());
        } catch (RuntimeException e) {
            skip("throttle not updated: " + e);
        }
    }

    private void skip(String message) {
        skipped = true;
        warn(message);
    }

    private void warn(String message) {
        warnings.write(LogText.escape("warning: " + message));
    }
}
