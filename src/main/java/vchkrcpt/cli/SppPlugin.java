package vchkrcpt.cli;

import java.util.Map;

import vchkrcpt.Status;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.Verdict;

/**
 * A qmail-spp RCPT plugin: the answer is one command line on stdout, and the exit status is
 * ignored but for 120 ("451 qmail-spp failure"). No line lets the recipient through, so every
 * refusal and every fault prints one. Never {@code A} (it would switch off every plugin for the
 * rest of the session) nor {@code O} (it would skip qmail's rcpthosts check).
 */
final class SppPlugin implements Variant {
    /** The launcher hands the plugin's stdout over as fd 3 and points fd 1 at the log. */
    static final int REPLY_FD = 3;
    /** qmail-spp's own "plugin failed": 451 for this command. */
    static final int FAILED = 120;

    @Override
    public Envelope envelope(Map<String, String> env) {
        Envelope envelope = new Envelope(env.getOrDefault("SMTPMAILFROM", ""), env.get("SMTPRCPTTO"),
                env.getOrDefault("TCPREMOTEIP", ""), env.containsKey("RELAYCLIENT"), Variant.authUser(env));
        // Not in rcpthosts and not a client that may relay: qmail-smtpd refuses it after the plugins.
        boolean ours = !"0".equals(env.get("SMTPRCPTHOSTSOK")) || envelope.relayClient()
                || !envelope.authUser().isEmpty();
        return ours ? envelope : null;
    }

    @Override
    public int answer(Verdict verdict) {
        String reply = reply(verdict);
        return reply == null ? Status.ACCEPT : line(reply);
    }

    @Override
    public int fault() {
        return line(faultReply());
    }

    @Override
    public String reply(Verdict verdict) {
        String reply = SmtpReplies.of(verdict);
        if (reply == null) {
            return null;
        }
        // R: reply and hang up, as a harvest limit means; E: refuse this recipient only.
        return (verdict.kind() == Verdict.Kind.LIMIT ? "R" : "E") + reply;
    }

    @Override
    public String faultReply() {
        return "E" + SmtpReplies.UNVERIFIABLE;
    }

    private static int line(String command) {
        // qmail-spp replaces the line's last byte with its own CRLF: LF alone, never CRLF.
        return ReplyChannel.usable(REPLY_FD) && ReplyChannel.write(REPLY_FD, command + "\n") ? Status.ACCEPT : FAILED;
    }
}
