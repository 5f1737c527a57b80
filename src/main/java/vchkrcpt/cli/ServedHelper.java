package vchkrcpt.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import vchkrcpt.Status;
import vchkrcpt.env.Settings;
import vchkrcpt.log.StderrLog;
import vchkrcpt.policy.Envelope;
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
                // The session key is the client's "PID:START" of qmail-smtpd.
                Verdict verdict = Decision.decide(envelope, settings, Decision.throttleState(settings, key, stderr),
                        stderr, session.substring(0, Math.max(session.indexOf(':'), 0)));
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
}
