package vchkrcpt.policy;

/**
 * Around the cdb step: once a session (or, when on, a client address) has collected its limit of
 * cdb rejections, the next recipient the cdb step rejects gets 111 instead, which qmail-smtpd turns
 * into a 421 and a closed connection, as jms1's VALIDRCPTTO_LIMIT does. Valid recipients keep
 * being accepted: a legitimate sender with a few typos loses nothing.
 */
public final class HarvestLimit implements Check {
    private final Check lookup;
    private final ThrottleState state;
    private final ThrottleLimits limits;

    public HarvestLimit(Check lookup, ThrottleState state, ThrottleLimits limits) {
        this.lookup = lookup;
        this.state = state;
        this.limits = limits;
    }

    @Override
    public Verdict decide(Envelope envelope, Trace trace) throws Unverifiable {
        Verdict verdict = lookup.decide(envelope, trace);
        if (verdict == null || !ThrottleRules.countsAgainstConnection(verdict)) {
            return verdict;
        }
        if (limits.sessionLimit() > 0) {
            int count = state.sessionRejections();
            if (trace.enabled()) {
                trace.step("harvest limit: " + count + " invalid recipients in this session (limit "
                        + limits.sessionLimit() + ")");
            }
            if (count >= limits.sessionLimit()) {
                return full(ThrottleRules.TOO_MANY);
            }
        }
        if (limits.clientLimit() > 0 && !envelope.clientIp().isEmpty()) {
            int count = state.clientRejections(envelope.clientIp());
            if (trace.enabled()) {
                trace.step("harvest limit: " + count + " invalid recipients from " + envelope.clientIp()
                        + " in the last " + limits.windowSeconds() + " s (limit " + limits.clientLimit() + ")");
            }
            if (count >= limits.clientLimit()) {
                return full(ThrottleRules.TOO_MANY_FROM_IP);
            }
        }
        return verdict;
    }

    private Verdict full(String reason) {
        return new Verdict(Verdict.Kind.LIMIT, limits.limitStatus(), reason);
    }
}
