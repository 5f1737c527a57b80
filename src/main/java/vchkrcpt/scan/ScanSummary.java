package vchkrcpt.scan;

import java.util.EnumMap;
import java.util.Map;

/** The counts a scan reports at its end. */
public final class ScanSummary {
    int domains;
    int aliasDomains;
    long mailboxes;
    long locked;
    long aliases;
    final Map<CatchAll, Integer> catchAlls = new EnumMap<>(CatchAll.class);
    int localDomains;
    int systemAccounts;
    int virtualDomains;
    int routedDomains;
    int includedDomains;
    int unchecked;
    boolean uncheckedAccepted;
    int included;
    int keys;

    ScanSummary() {
        for (CatchAll kind : CatchAll.values()) {
            catchAlls.put(kind, 0);
        }
    }

    public int keys() {
        return keys;
    }

    /**
     * {@code 3 domains + 1 alias domain} (vpopmail's), then the other kinds there are:
     * {@code , 1 local domain (12 system accounts), 1 virtual domain, 2 routed domains, 1 included domain}.
     */
    public String domainsText() {
        StringBuilder s = new StringBuilder(count(domains, "domain") + " + " + count(aliasDomains, "alias domain"));
        if (localDomains > 0) {
            s.append(", ").append(count(localDomains, "local domain")).append(" (")
                    .append(count(systemAccounts, "system account")).append(')');
        }
        if (virtualDomains > 0) {
            s.append(", ").append(count(virtualDomains, "virtual domain"));
        }
        if (routedDomains > 0) {
            s.append(", ").append(count(routedDomains, "routed domain"));
        }
        if (includedDomains > 0) {
            s.append(", ").append(count(includedDomains, "included domain"));
        }
        return s.toString();
    }

    /** One line: domains, mailboxes, aliases, catch-alls by kind, unchecked and included keys, keys. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append(domainsText()).append(", ").append(count(mailboxes, "mailbox"))
                .append(locked == 0 ? "" : " (" + locked + " locked)").append(", ")
                .append(count(aliases, "alias")).append(", catch-alls:");
        String separator = " ";
        for (CatchAll kind : CatchAll.values()) {
            s.append(separator).append(catchAlls.get(kind)).append(' ').append(kind.word());
            separator = ", ";
        }
        s.append("; ").append(count(unchecked, "unchecked domain"))
                .append(unchecked == 0 ? "" : uncheckedAccepted ? " (accepted whole)" : " (rejected whole)")
                .append(", ").append(count(included, "included key")).append("; ").append(count(keys, "key"));
        return s.toString();
    }

    private static String count(long n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + (noun.endsWith("x") || noun.endsWith("s") ? noun + "es" : noun + "s");
    }
}
