package vchkrcpt.cli;

import java.util.Map;

import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;

/** How one family of qmail-smtpd hands the helper a recipient and takes its answer. */
interface Variant {

    /** qmail-spp runs RCPT plugins with SMTPRCPTTO; every RCPTCHECK patch sets RECIPIENT. */
    static Variant of(Map<String, String> env) {
        if (env.get("RECIPIENT") == null && env.get("SMTPRCPTTO") != null) {
            return new SppPlugin();
        }
        return new RcptcheckHelper(env);
    }

    /** @return the envelope, or null when the recipient is not ours to check: qmail answers it itself */
    Envelope envelope(Map<String, String> env) throws Unverifiable;

    /** Gives the verdict to qmail-smtpd and returns the exit status. */
    int answer(Verdict verdict);

    /** Our own machinery failed: a temporary failure in this variant's terms; returns the exit status. */
    int fault();

    /** The line {@link #answer} writes for this verdict, without its line end; null for none. */
    String reply(Verdict verdict);

    /** The line {@link #fault} writes, without its line end. */
    String faultReply();

    /** After AUTH: jms1's patch sets SMTP_AUTH_USER, qmail-spp's AUTH hook SMTPAUTHUSER. */
    static String authUser(Map<String, String> env) {
        String user = env.get("SMTP_AUTH_USER");
        if (user == null || user.isEmpty()) {
            user = env.get("SMTPAUTHUSER");
        }
        return user == null ? "" : user;
    }
}
