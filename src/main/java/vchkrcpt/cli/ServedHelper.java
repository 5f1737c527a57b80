package vchkrcpt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import vchkrcpt.Status;
import vchkrcpt.env.Settings;
import vchkrcpt.log.StderrLog;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.ThrottleState;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;
import vchkrcpt.serve.Protocol;
import vchkrcpt.serve.Server;

/**
 * The helper's answer to a request of vchkrcpt-client, given by {@code vchkrcpt serve}: the client's
 * environment entries read by the same variant, decided by the same {@link Decision} with the same
 * settings, and every line the helper would have written to its stderr sent back for the client to
 * write to its own (the SMTP service's log). The client turns the status and the reply line into
 * its exit status and its fd 4 or qmail-spp line.
 */
final class ServedHelper implements Server.Handler {
    /** Written by the client, which then runs the per-process helper. */
    private static final byte[] SETTINGS_DIFFER = ("vchkrcpt: warning: this call's settings (VCHKRCPT_*, VALIDRCPTTO_*)"
            + " differ from those vchkrcpt serve runs with; asking the per-process helper (give both the same"
            + " environment)\n").getBytes(StandardCharsets.US_ASCII);

    private final Settings settings;

    /** @param settings the server's own, parsed from its environment as the helper parses its own */
    ServedHelper(Settings settings) {
        this.settings = settings;
    }

    @Override
    public byte[] answer(String session, Map<String, String> env) {
        // Decided with the server's settings only when they are the client's: a client whose
        // environment says otherwise (tcprules setting VALIDRCPTTO_LIMIT, a second envdir) must get
        // what the helper in its place would answer.
        if (!settings.equals(settingsOf(env))) {
            return Protocol.fallback(SETTINGS_DIFFER);
        }
        ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream(256);
        PrintStream err = new PrintStream(stderrBytes);
        Variant variant = Variant.of(env);
        int status;
        String reply;
        try {
            Envelope envelope = variant.envelope(env);
            if (envelope == null) {
                status = Status.ACCEPT;
                reply = null;
            } else {
                StderrLog stderr = new StderrLog(err);
                // As the helper: the session is not even looked at while the harvest limit is off.
                String key = settings.throttle().limits().sessionLimit() == 0 ? null : session;
                Verdict verdict;
                try (OneAtATime state = new OneAtATime(Decision.throttleState(settings, key, stderr))) {
                    // The session key is the client's "PID:START" of qmail-smtpd.
                    verdict = Decision.decide(envelope, settings, state, stderr,
                            session.substring(0, Math.max(session.indexOf(':'), 0)));
                }
                status = verdict.status();
                reply = variant.reply(verdict);
            }
        } catch (Unverifiable e) {
            HelperMode.fatal(err, e.getMessage());
            status = Status.TEMPFAIL;
            reply = variant.faultReply();
        } catch (Throwable t) {
            HelperMode.fatal(err, "internal error: " + t);
            status = Status.TEMPFAIL;
            reply = variant.faultReply();
        }
        return Protocol.answer(status, reply, stderrBytes.toByteArray());
    }

    private static Settings settingsOf(Map<String, String> env) {
        try {
            return Settings.from(env);
        } catch (Unverifiable e) {
            return null;
        }
    }

    /**
     * Today's throttle store locks its files with FileChannel locks, which the JVM holds for the
     * whole process: a second thread locking the same journal gets OverlappingFileLockException and
     * its count is lost. And a request whose read of the state is older than two foldings of the
     * journal appends where nobody folds it any more (a fault of the store that helpers, too, can
     * meet). Until the store is safe for threads, a request holds it from its first read to its
     * record; other processes (helpers) are kept apart by the file locks as before. Between the two
     * lie the cdb look-up and the log line: tens of microseconds, and the syslog datagram never waits.
     */
    private static final class OneAtATime implements ThrottleState, AutoCloseable {
        private static final ReentrantLock STORE = new ReentrantLock();

        private final ThrottleState state;

        OneAtATime(ThrottleState state) {
            this.state = state;
        }

        private void hold() {
            if (!STORE.isHeldByCurrentThread()) {
                STORE.lock();
            }
        }

        @Override
        public int senderRejections(String sender) {
            hold();
            return state.senderRejections(sender);
        }

        @Override
        public int clientRejections(String clientIp) {
            hold();
            return state.clientRejections(clientIp);
        }

        @Override
        public int sessionRejections() {
            hold();
            return state.sessionRejections();
        }

        /** The last call of a decision. */
        @Override
        public void record(String sender, String clientIp, boolean session) {
            hold();
            try {
                state.record(sender, clientIp, session);
            } finally {
                close();
            }
        }

        /** Lets go, also after a decision that ended in a fault before its record. */
        @Override
        public void close() {
            if (STORE.isHeldByCurrentThread()) {
                STORE.unlock();
            }
        }
    }
}
