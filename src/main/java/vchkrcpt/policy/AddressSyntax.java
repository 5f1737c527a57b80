package vchkrcpt.policy;

/**
 * Rejects what cannot be a local mailbox: not exactly one {@code @}, an empty local part or
 * domain, {@code !} or {@code %} in the local part (source routing), or an address longer than any
 * qmail-smtpd passes on.
 */
public final class AddressSyntax implements Check {
    /** qmail-smtpd refuses longer addresses itself; this bounds our work on hostile input. */
    public static final int MAX_LENGTH = 1000;

    private static final Verdict ILLEGAL = Verdict.refuse(Verdict.Kind.ILLEGAL, "illegal username");

    @Override
    public Verdict decide(Envelope envelope, Trace trace) {
        String why = problem(envelope.recipient());
        if (trace.enabled()) {
            trace.step("syntax: " + (why == null ? "ok" : why));
        }
        return why == null ? null : ILLEGAL;
    }

    private static String problem(String recipient) {
        if (recipient.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " bytes";
        }
        int at = recipient.indexOf('@');
        if (at < 0 || at != recipient.lastIndexOf('@')) {
            return "not exactly one @";
        }
        if (at == 0) {
            return "empty local part";
        }
        if (at == recipient.length() - 1) {
            return "empty domain";
        }
        for (int i = 0; i < at; i++) {
            char c = recipient.charAt(i);
            if (c == '!' || c == '%') {
                return "'" + c + "' in the local part";
            }
        }
        return null;
    }
}
