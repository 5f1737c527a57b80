package vchkrcpt.policy;

/**
 * jms1's validrcptto.cdb look-up: the exact address, then {@code PREFIX-default@domain} for each
 * dash of the local part from the right, then {@code @domain}. The first key found decides; a
 * value starting with {@code -} rejects.
 */
public final class RecipientLookup implements Check {
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
            return rejects(value) ? Verdict.reject("address rejected")
                    : Verdict.accept(value.startsWith("alias") ? "alias ok" : "account ok");
        }
        if (at < 0) {
            return Verdict.reject("catchall=none");
        }
        String domain = address.substring(at);
        for (int dash = address.lastIndexOf('-', at - 1); dash >= 0; dash = address.lastIndexOf('-', dash - 1)) {
            value = lookUp(address.substring(0, dash + 1) + "default" + domain, trace);
            if (value != null) {
                return rejects(value) ? Verdict.reject("address rejected") : Verdict.accept("user-alias ok");
            }
        }
        value = lookUp(domain, trace);
        if (value == null) {
            return Verdict.reject("catchall=none");
        }
        return rejects(value) ? Verdict.reject("catchall=" + value.substring(1)) : Verdict.accept("catchall=ok");
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
