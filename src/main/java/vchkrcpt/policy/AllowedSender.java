package vchkrcpt.policy;

/** Accepts mail from a listed sender or a sender of a listed {@code @domain}. */
public final class AllowedSender implements Check {
    private final SenderAllowList list;

    public AllowedSender(SenderAllowList list) {
        this.list = list;
    }

    @Override
    public Verdict decide(Envelope envelope, Trace trace) throws Unverifiable {
        String sender = envelope.sender();
        // The null sender is a bounce: it must never bypass the check.
        if (sender.isEmpty()) {
            if (trace.enabled()) {
                trace.step("allow-list: null sender, never allowed");
            }
            return null;
        }
        String lower = Addresses.lowerAscii(sender);
        String domain = Addresses.domainOf(lower);
        boolean listed = list.contains(lower) || (domain != null && list.contains("@" + domain));
        if (trace.enabled()) {
            trace.step("allow-list: sender " + sender + (listed ? " is listed" : " is not listed"));
        }
        return listed ? Verdict.accept("ok (sender explicitly allowed: " + sender + ")") : null;
    }
}
