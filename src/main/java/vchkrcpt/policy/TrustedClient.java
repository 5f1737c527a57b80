package vchkrcpt.policy;

/**
 * Relay clients and authenticated users send mail out: their recipients are anywhere, and the
 * local ones are checked by qmail's delivery. jms1's and sagredo's qmail-smtpd run the helper for
 * them too (Soffian's does not); jms1's own validrcptto check skips them, and so does this one.
 * Never counted by the throttle: a user's typo must not throttle the user.
 */
public final class TrustedClient implements Check {
    @Override
    public Verdict decide(Envelope envelope, Trace trace) {
        if (envelope.relayClient()) {
            if (trace.enabled()) {
                trace.step("client: a relay client (RELAYCLIENT is set), accepted without a look-up");
            }
            return Verdict.accept("relay client ok");
        }
        if (!envelope.authUser().isEmpty()) {
            if (trace.enabled()) {
                trace.step("client: authenticated as " + envelope.authUser() + ", accepted without a look-up");
            }
            return Verdict.accept("authenticated ok (" + envelope.authUser() + ")");
        }
        if (trace.enabled()) {
            trace.step("client: neither a relay client nor authenticated");
        }
        return null;
    }
}
