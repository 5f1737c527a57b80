package vchkrcpt.policy;

import java.util.List;

/**
 * Around the sender throttle and the cdb step: once a session (or, when on, a client address) has
 * had its limit of refused recipients, the next recipient either of them refuses gets 111
 * instead, which qmail-smtpd turns into a 421 and a closed connection, as jms1's VALIDRCPTTO_LIMIT
 * does. The throttle's refusals count too: a harvester that keeps one sender is throttled after a
 * few probes, and must still be disconnected. Valid recipients keep being accepted: a legitimate
 * sender with a few typos loses nothing.
 */
public final class HarvestLimit implements Check {
    private final List<Check> guarded;
    private final ThrottleState state;
    private final ThrottleLimits limits;

    /** @param guarded the checks whose refusals count, in order; the first with an opinion decides */
    public HarvestLimit(List<Check> guarded, ThrottleState state, ThrottleLimits limits) {
        this.guarded = List.copyOf(guarded);
        this.state = state;
        this.limits = limits;
    }

    @Override
    public Verdict decide(Envelope envelope, Trace trace) throws Unverifiable {
        Verdict verdict = null;
        for (int i = 0; i < guarded.size() && verdict == null; i++) {
            verdict = guarded.get(i).decide(envelope, trace);
        }
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
        String client = ThrottleRules.clientKey(envelope);
        if (limits.clientLimit() > 0 && client != null) {
            int count = state.clientRejections(client);
            if (trace.enabled()) {
                trace.step("harvest limit: " + count + " invalid recipients from " + client
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
