package vchkrcpt.policy;

import java.util.List;

/** Checks in order; the first one with an opinion decides. */
public final class Chain {
    private final List<Check> checks;

    public Chain(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public Verdict decide(Envelope envelope, Trace trace) throws Unverifiable {
        for (Check check : checks) {
            Verdict verdict = check.decide(envelope, trace);
            if (verdict != null) {
                return verdict;
            }
        }
        // The recipient look-up always decides; reaching here is a wiring fault, never an accept.
        throw new Unverifiable("no check decided on the recipient");
    }
}
