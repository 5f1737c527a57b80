package vchkrcpt.policy;

/**
 * Which verdicts count against whom, and under which key. Pure functions of the envelope and the
 * verdict, applied after the decision.
 * <ul>
 * <li>a sender: the "no such mailbox" rejections ({@link Verdict.Kind#NO_MAILBOX}:
 * {@code catchall=bounce-no-mailbox}, {@code catchall=none}), counted per sender <em>and</em>
 * client address ({@link ClientAddress}): a stranger who forges a partner's address pays for its
 * own probes, not the partner's server. Without a client address (checks by hand) the sender
 * alone. Not the throttle's own refusals: a server that retries must get through once its own
 * mistakes have left the window. Not {@code catchall=delete} (the domain swallows everything),
 * not {@code address rejected} (an address the admin blocked), not {@code illegal username}. The
 * null sender never counts: it is every bounce.
 * <li>a session and a client address: every recipient refused by the throttle or by the cdb step,
 * as jms1's patch counts its validrcptto rejections.
 * <li>relay clients and authenticated users: nothing, ever.
 * </ul>
 */
public final class ThrottleRules {
    public static final String SPAMMER = "spammer=bounce-no-mailbox";
    public static final String TOO_MANY = "too many invalid recipients";
    public static final String TOO_MANY_FROM_IP = "too many invalid recipients from IP";

    /** The longest sender kept in the state; qmail-smtpd passes nothing longer. */
    public static final int MAX_SENDER = 1000;
    /** Between sender and client address in a sender's key: no address holds a NUL. */
    public static final char CLIENT_SEPARATOR = '\0';

    private ThrottleRules() {
    }

    public static boolean countsAgainstSender(Verdict verdict) {
        return verdict.kind() == Verdict.Kind.NO_MAILBOX;
    }

    /** True for the recipients the throttle or the cdb step refused. */
    public static boolean countsAgainstConnection(Verdict verdict) {
        return verdict.kind() == Verdict.Kind.NO_MAILBOX || verdict.kind() == Verdict.Kind.REFUSED
                || verdict.kind() == Verdict.Kind.THROTTLED;
    }

    /**
     * The key a sender is counted under: the sender (ASCII letters lowercased), then, when the
     * client address is known, {@link #CLIENT_SEPARATOR} and its {@link ClientAddress#key}.
     *
     * @return the key, or null when the sender is never counted (null sender, too long)
     */
    public static String senderKey(Envelope envelope) {
        String sender = envelope.sender();
        if (sender.isEmpty() || sender.length() > MAX_SENDER) {
            return null;
        }
        String client = ClientAddress.key(envelope.clientIp());
        String lower = Addresses.lowerAscii(sender);
        return client.isEmpty() ? lower : lower + CLIENT_SEPARATOR + client;
    }

    /** The key a client address is counted under, or null when there is none. */
    public static String clientKey(Envelope envelope) {
        String client = ClientAddress.key(envelope.clientIp());
        return client.isEmpty() ? null : client;
    }

    /** After the decision: counts it where it counts, through {@link ThrottleState#record}. */
    public static void record(Envelope envelope, Verdict verdict, ThrottleLimits limits, ThrottleState state) {
        if (envelope.relayClient() || !envelope.authUser().isEmpty()) {
            state.record(null, null, false);
            return;
        }
        String sender = null;
        if (limits.senderLimit() > 0 && countsAgainstSender(verdict)) {
            sender = senderKey(envelope);
        }
        boolean refused = countsAgainstConnection(verdict);
        String client = null;
        if (limits.clientLimit() > 0 && refused) {
            client = clientKey(envelope);
        }
        state.record(sender, client, limits.sessionLimit() > 0 && refused);
    }
}
