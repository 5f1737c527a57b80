package vchkrcpt.cli;

import vchkrcpt.Status;
import vchkrcpt.policy.Verdict;

/**
 * The SMTP reply a refusal gets where the qmail-smtpd variant takes one from the helper (jms1's
 * and sagredo's fd 4, qmail-spp's command line). One text for every permanent refusal, so that a
 * prober learns nothing from which rule refused it.
 */
final class SmtpReplies {
    static final String NO_MAILBOX = "553 sorry, no mailbox here by that name. (#5.1.1)";
    static final String TOO_MANY = "421 too many invalid recipients (#4.7.0)";
    /** Also in scripts/vchkrcpt and the client: they answer it when the JVM itself fails. */
    static final String UNVERIFIABLE = "451 unable to verify recipient (#4.3.0)";

    private SmtpReplies() {
    }

    /** @return the reply, or null for an accepted recipient */
    static String of(Verdict verdict) {
        if (verdict.accepted()) {
            return null;
        }
        if (verdict.kind() == Verdict.Kind.LIMIT) {
            return TOO_MANY;
        }
        return verdict.status() == Status.REJECT ? NO_MAILBOX : UNVERIFIABLE;
    }
}
