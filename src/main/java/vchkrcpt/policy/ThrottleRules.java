package vchkrcpt.policy;

/**
 * Which verdicts count against whom. Pure functions of the verdict, applied after the decision.
 * <ul>
 * <li>a sender: the rejections that say "no such mailbox" ({@code catchall=bounce-no-mailbox},
 * {@code catchall=none}) and the throttle's own {@code spammer=bounce-no-mailbox}, so a throttled
 * sender stays throttled while it keeps trying. Not {@code catchall=delete} (the domain swallows
 * everything; the sender did nothing wrong), not {@code address rejected} (an address the admin
 * blocked), not {@code illegal username}. The null sender never counts: it is every bounce.
 * <li>a session and a client address: every rejection by the cdb step (step 6), as jms1's patch.
 * </ul>
 */
public final class ThrottleRules {
    public static final String SPAMMER = "spammer=bounce-no-mailbox";
    public static final String TOO_MANY = "too many invalid recipients";
    public static final String TOO_MANY_FROM_IP = "too many invalid recipients from IP";

    /** The longest sender kept in the state; qmail-smtpd passes nothing longer. */
    public static final int MAX_SENDER = 1000;

    private ThrottleRules() {
    }

    public static boolean countsAgainstSender(Verdict verdict) {
        return verdict.kind() == Verdict.Kind.NO_MAILBOX || verdict.kind() == Verdict.Kind.THROTTLED;
    }

    /** True for the rejections of {@link RecipientLookup}, the cdb step. */
    public static boolean countsAgainstConnection(Verdict verdict) {
        return verdict.kind() == Verdict.Kind.NO_MAILBOX || verdict.kind() == Verdict.Kind.REFUSED;
    }

    /** The key a sender is counted under, or null when it is never counted (null sender, too long). */
    public static String senderKey(String sender) {
        if (sender.isEmpty() || sender.length() > MAX_SENDER) {
            return null;
        }
        return Addresses.lowerAscii(sender);
    }

    /** After the decision: counts it where it counts, through {@link ThrottleState#record}. */
    public static void record(Envelope envelope, Verdict verdict, ThrottleLimits limits, ThrottleState state) {
        String sender = null;
        if (limits.senderLimit() > 0 && countsAgainstSender(verdict)) {
            sender = senderKey(envelope.sender());
        }
        boolean recipientRejection = countsAgainstConnection(verdict);
        String clientIp = null;
        if (limits.clientLimit() > 0 && recipientRejection && !envelope.clientIp().isEmpty()) {
            clientIp = envelope.clientIp();
        }
        state.record(sender, clientIp, limits.sessionLimit() > 0 && recipientRejection);
    }
}
