package vchkrcpt.cli;

import java.util.Map;

import vchkrcpt.Status;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;

/**
 * The RCPTCHECK patches (Soffian's, notqmail's branch, jms1's, sagredo's): the exit status is the
 * answer. jms1's and sagredo's also read an SMTP reply from fd 4 (USE_FD4=1); without one, jms1's
 * sends its own text without CRLF and breaks the dialogue, so every refusal writes one there.
 */
final class RcptcheckHelper implements Variant {
    static final int REPLY_FD = 4;

    private final boolean fd4;

    RcptcheckHelper(Map<String, String> env) {
        // Only where the patch says so: on the others fd 4 can be anything.
        String use = env.get("USE_FD4");
        fd4 = use != null && !use.isEmpty();
    }

    @Override
    public Envelope envelope(Map<String, String> env) throws Unverifiable {
        String recipient = env.get("RECIPIENT");
        if (recipient == null) {
            throw new Unverifiable("RECIPIENT is not set: without arguments vchkrcpt is the RCPTCHECK helper"
                    + " that qmail-smtpd runs; to test an address by hand run: vchkrcpt check ADDRESS");
        }
        return new Envelope(env.getOrDefault("SENDER", ""), recipient, env.getOrDefault("TCPREMOTEIP", ""),
                env.containsKey("RELAYCLIENT"), Variant.authUser(env));
    }

    @Override
    public int answer(Verdict verdict) {
        write(reply(verdict));
        return verdict.status();
    }

    @Override
    public int fault() {
        write(faultReply());
        return Status.TEMPFAIL;
    }

    @Override
    public String reply(Verdict verdict) {
        return SmtpReplies.of(verdict);
    }

    @Override
    public String faultReply() {
        return SmtpReplies.UNVERIFIABLE;
    }

    private void write(String text) {
        if (fd4 && text != null && ReplyChannel.usable(REPLY_FD)) {
            // Best effort: the exit status carries the answer whether or not the text arrives.
            ReplyChannel.write(REPLY_FD, text + "\r\n");
        }
    }
}
