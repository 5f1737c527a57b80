package vchkrcpt.policy;

/** RFC 5321 4.5.1: the bare {@code postmaster} recipient must be accepted. */
public final class Postmaster implements Check {
    @Override
    public Verdict decide(Envelope envelope, Trace trace) {
        boolean bare = envelope.recipient().equalsIgnoreCase("postmaster");
        if (trace.enabled()) {
            trace.step(bare ? "postmaster: bare postmaster is always accepted" : "postmaster: not the bare postmaster");
        }
        return bare ? Verdict.accept("postmaster ok") : null;
    }
}
