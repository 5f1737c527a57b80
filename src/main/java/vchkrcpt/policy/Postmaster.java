package vchkrcpt.policy;

/** RFC 5321 4.5.1: the bare {@code postmaster} recipient must be accepted. */
public final class Postmaster implements Check {
    @Override
    public Verdict decide(Envelope envelope, Trace trace) {
        if (envelope.recipient().equalsIgnoreCase("postmaster")) {
            if (trace.enabled()) {
                trace.step("postmaster: bare postmaster is always accepted");
            }
            return Verdict.accept("postmaster ok");
        }
        return null;
    }
}
