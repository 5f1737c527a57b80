package vchkrcpt.policy;

/**
 * Step 5: a sender with {@code senderLimit} counted rejections within the window is rejected even
 * for a valid recipient: it is probing for mailboxes, or its mail bounces to a forged address.
 */
public final class SenderThrottle implements Check {
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
        String key = ThrottleRules.senderKey(envelope.sender());
        if (key == null) {
            if (trace.enabled()) {
                trace.step("throttle: null sender, never throttled");
            }
            return null;
        }
        int count = state.senderRejections(key);
        if (trace.enabled()) {
            trace.step("throttle: sender " + key + " has " + count + " counted rejections in the last "
                    + limits.windowSeconds() + " s (limit " + limits.senderLimit() + ")");
        }
        return count >= limits.senderLimit()
                ? new Verdict(Verdict.Kind.THROTTLED, limits.throttleStatus(), ThrottleRules.SPAMMER) : null;
    }
}
