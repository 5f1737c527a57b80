package vchkrcpt.policy;

/** An empty recipient is rejected without a log line, as vchkrcpt.sh did. */
public final class EmptyRecipient implements Check {
    private static final Verdict SILENT_REJECT = Verdict.refuse(Verdict.Kind.EMPTY, "empty recipient");

    @Override
    public Verdict decide(Envelope envelope, Trace trace) {
        boolean empty = envelope.recipient().isEmpty();
        if (trace.enabled()) {
            trace.step(empty ? "recipient: empty, rejected without a log line" : "recipient: not empty");
        }
        return empty ? SILENT_REJECT : null;
    }
}
