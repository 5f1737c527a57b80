package vchkrcpt.policy;

/**
 * A sender with {@code senderLimit} counted rejections from this client within the window is
 * refused even for a valid recipient: it is probing for mailboxes, or its mail bounces to a forged
 * address. Temporarily by default (111): a suspicion must not bounce real mail; the script's
 * permanent 553 with {@code VCHKRCPT_THROTTLE_EXIT=100}. {@code postmaster} at any domain is never
 * throttled (RFC 5321 4.5.1): the look-up decides whether it exists.
 */
public final class SenderThrottle implements Check {
    private static final String POSTMASTER = "postmaster@";

    private final ThrottleState state;
    private final ThrottleLimits limits;

    public SenderThrottle(ThrottleState state, ThrottleLimits limits) {
        this.state = state;
        this.limits = limits;
    }

    @Override
    public Verdict decide(Envelope envelope, Trace trace) {
        if (limits.senderLimit() == 0) {
            return null;
        }
        String recipient = envelope.recipient();
        if (recipient.lastIndexOf('@') == POSTMASTER.length() - 1
                && recipient.regionMatches(true, 0, POSTMASTER, 0, POSTMASTER.length())) {
            if (trace.enabled()) {
                trace.step("throttle: postmaster is never throttled");
            }
            return null;
        }
        String key = ThrottleRules.senderKey(envelope);
        if (key == null) {
            if (trace.enabled()) {
                trace.step("throttle: null sender, never throttled");
            }
            return null;
        }
        int count = state.senderRejections(key);
        if (trace.enabled()) {
            String client = ThrottleRules.clientKey(envelope);
            trace.step("throttle: sender " + Addresses.lowerAscii(envelope.sender())
                    + (client == null ? "" : " from " + client) + " has " + count
                    + " counted rejections in the last " + limits.windowSeconds() + " s (limit " + limits.senderLimit()
                    + ")");
        }
        return count >= limits.senderLimit()
                ? new Verdict(Verdict.Kind.THROTTLED, limits.throttleStatus(), ThrottleRules.SPAMMER) : null;
    }
}
