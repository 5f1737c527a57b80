package vchkrcpt.policy;

import vchkrcpt.Status;

/**
 * The answer for one recipient. Rules that read a verdict (what the throttle counts, which SMTP
 * reply a variant gets) read its kind; the reason is only how it is logged.
 *
 * @param kind   what was decided
 * @param status the exit status: one of {@link Status}'s values, or the harvest limit's configured one
 * @param reason the text after {@code " : "} in the log line
 */
public record Verdict(Kind kind, int status, String reason) {

    public enum Kind {
        /** Accepted: a key accepts it, or it is accepted without a look-up. */
        ACCEPTED,
        /** No such mailbox: no key, or a catch-all that bounces. A prober's typical answer. */
        NO_MAILBOX,
        /** Refused by a key the admin marked with {@code -}: a blocked address, a deleting catch-all. */
        REFUSED,
        /** Cannot be a local mailbox (syntax). */
        ILLEGAL,
        /** An empty recipient: refused without a log line, as vchkrcpt.sh did. */
        EMPTY,
        /** The sender throttle. */
        THROTTLED,
        /** A harvest limit: the session or client address has had its share of invalid recipients. */
        LIMIT
    }

    public static Verdict accept(String reason) {
        return new Verdict(Kind.ACCEPTED, Status.ACCEPT, reason);
    }

    /** A permanent refusal (100) of one of the kinds that are always permanent. */
    public static Verdict refuse(Kind kind, String reason) {
        return new Verdict(kind, Status.REJECT, reason);
    }

    public boolean logged() {
        return kind != Kind.EMPTY;
    }

    public boolean accepted() {
        return kind == Kind.ACCEPTED;
    }
}
