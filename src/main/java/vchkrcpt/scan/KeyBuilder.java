package vchkrcpt.scan;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects the validrcptto.cdb keys. Each key is kept once; when two sources give the same key the
 * one that decides delivery wins: an included line (the first one, as in a cdb) over what the
 * domain's delivery order gives (DeliveryOrder). Keys sort as bytes (one char per byte), so equal
 * content gives an identical file and text output diffs cleanly.
 */
final class KeyBuilder {
    static final String UNCHECKED = "catchall";
    static final String ROUTED = "relay";

    private final SortedMap<String, String> keys = new TreeMap<>();
    private final Set<String> included = new HashSet<>();
    private final ScanSummary summary = new ScanSummary();

    void addDomain(VpopmailDomain domain, DomainContent content, boolean qmailExt) {
        summary.domains++;
        summary.aliasDomains += domain.names().size() - 1;
        summary.mailboxes += content.users().mailboxes().size();
        for (Mailbox mailbox : content.users().mailboxes()) {
            summary.locked += mailbox.locked() ? 1 : 0;
        }
        summary.aliases += content.dotQmail().size() + content.users().aliases().size();
        summary.catchAlls.merge(content.catchAll(), 1, Integer::sum);
        Map<String, String> locals = DeliveryOrder.keys(content.dotQmail(), content.users(), qmailExt);
        for (String name : domain.names()) {
            String at = "@" + name;
            for (Map.Entry<String, String> local : locals.entrySet()) {
                keys.put(local.getKey() + at, local.getValue());
            }
            if (content.catchAll().value() != null) {
                keys.put(at, content.catchAll().value());
            }
        }
    }

    /** A local domain or a virtual domain of qmail's own users. */
    void addSystemDomain(String domain, LocalKeys.Domain content, boolean local) {
        if (local) {
            summary.localDomains++;
            summary.systemAccounts = Math.max(summary.systemAccounts, content.accounts());
        } else {
            summary.virtualDomains++;
        }
        summary.catchAlls.merge(content.catchAll(), 1, Integer::sum);
        for (Map.Entry<String, String> entry : content.keys().entrySet()) {
            keys.put(entry.getKey() + "@" + domain, entry.getValue());
        }
        if (content.catchAll().value() != null) {
            keys.put("@" + domain, content.catchAll().value());
        }
    }

    /** A domain qmail-remote relays (smtproutes): accepted whole, or only the listed local parts. */
    void addRouted(String domain, List<String> locals) {
        summary.routedDomains++;
        if (locals == null) {
            keys.put("@" + domain, ROUTED);
            return;
        }
        for (String local : locals) {
            keys.put(local + "@" + domain, ROUTED);
        }
    }

    /** An address control/virtualdomains sends somewhere of its own: it wins over its domain's keys. */
    void addAddress(String address, String value) {
        keys.put(address, value);
    }

    /** Domains whose keys come from the include files alone. */
    void addIncludedDomains(int count) {
        summary.includedDomains += count;
    }

    /** A domain in rcpthosts that no source accounts for; accepted whole only when asked. */
    void addUnchecked(String domain, boolean accept) {
        summary.unchecked++;
        summary.uncheckedAccepted = accept;
        if (accept) {
            keys.put("@" + domain, UNCHECKED);
        }
    }

    /** Keys of one include file; a key an earlier include file gave stays as it was. */
    void addIncluded(Map<String, String> file) {
        for (Map.Entry<String, String> entry : file.entrySet()) {
            if (included.add(entry.getKey())) {
                keys.put(entry.getKey(), entry.getValue());
            }
        }
        summary.included = included.size();
    }

    SortedMap<String, String> keys() {
        return keys;
    }

    ScanSummary summary() {
        summary.keys = keys.size();
        return summary;
    }
}
