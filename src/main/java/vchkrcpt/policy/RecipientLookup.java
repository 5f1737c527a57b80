package vchkrcpt.policy;

/**
 * jms1's validrcptto.cdb look-up: the exact address, then {@code PREFIX-default@domain} for each
 * dash of the local part from the right, then {@code @domain}. The first key found decides; a
 * value starting with {@code -} rejects.
 */
public final class RecipientLookup implements Check {
    private static final String BOUNCE = "-bounce-no-mailbox";
    private static final Verdict ADDRESS_REJECTED = Verdict.refuse(Verdict.Kind.REFUSED, "address rejected");
    private static final Verdict NO_CATCHALL = Verdict.refuse(Verdict.Kind.NO_MAILBOX, "catchall=none");

    private final RecipientDb db;

    public RecipientLookup(RecipientDb db) {
        this.db = db;
    }

    @Override
    public Verdict decide(Envelope envelope, Trace trace) throws Unverifiable {
        String address = Addresses.lowerAscii(envelope.recipient());
        int at = address.lastIndexOf('@');

        String value = lookUp(address, trace);
        if (value != null) {
            return rejects(value) ? ADDRESS_REJECTED
                    : Verdict.accept(value.startsWith("alias") ? "alias ok" : "account ok");
        }
        if (at < 0) {
            return NO_CATCHALL;
        }
        String domain = address.substring(at);
        for (int dash = address.lastIndexOf('-', at - 1); dash >= 0; dash = address.lastIndexOf('-', dash - 1)) {
            value = lookUp(address.substring(0, dash + 1) + "default" + domain, trace);
            if (value != null) {
                return rejects(value) ? ADDRESS_REJECTED : Verdict.accept("user-alias ok");
            }
        }
        value = lookUp(domain, trace);
        if (value == null) {
            return NO_CATCHALL;
        }
        if (!rejects(value)) {
            return Verdict.accept("catchall=ok");
        }
        // Only a bouncing catch-all says "no such mailbox"; any other -VALUE (delete) is the admin's refusal.
        return Verdict.refuse(value.equals(BOUNCE) ? Verdict.Kind.NO_MAILBOX : Verdict.Kind.REFUSED,
                "catchall=" + value.substring(1));
    }

    private String lookUp(String key, Trace trace) throws Unverifiable {
        String value = db.find(key);
        if (trace.enabled()) {
            trace.step("cdb: " + key + (value == null ? " not found" : " found: " + value));
        }
        return value;
    }

    private static boolean rejects(String value) {
        return value.startsWith("-");
    }
}
