package vchkrcpt.scan;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import vchkrcpt.policy.Addresses;

/**
 * The keys of a domain whose mail qmail-lspawn delivers: a local domain (local parts as they are)
 * or a virtual domain of qmail's own users (local parts after {@code PREPEND-}). Every address
 * some source names is a candidate: the {@code =} and {@code +} lines of users/assign with the
 * .qmail files of their homes, the passwd accounts in the uid range with theirs, the alias
 * user's .qmail files, fastforward's targets. Each candidate is then asked of
 * {@link LocalDelivery}, as qmail would decide it; {@code @domain} answers for an address nobody
 * names. A rejecting key is kept only where a shorter key would otherwise accept the address
 * (an account without .qmail-default under an accepting {@code @domain}, for one).
 */
final class LocalKeys {
    /** A local part no file, account or alias can have: what happens to an unknown address. */
    private static final String UNKNOWN = "\u0001";

    private final LocalDelivery delivery;
    private final VpopmailDomains.Found vpopmail;
    private final ScanSettings.UidRange uids;

    LocalKeys(LocalDelivery delivery, VpopmailDomains.Found vpopmail, ScanSettings.UidRange uids) {
        this.delivery = delivery;
        this.vpopmail = vpopmail;
        this.uids = uids;
    }

    /** What one domain holds: the keys (without {@code @domain}), the {@code @domain} kind, the accounts named. */
    record Domain(SortedMap<String, String> keys, CatchAll catchAll, int accounts) {
    }

    /** @param prefix {@code ""} for a local domain, {@code PREPEND-} for a virtual one */
    Domain keys(String prefix, String domain) throws IOException {
        Set<String> candidates = new TreeSet<>();
        int accounts = 0;
        for (AssignLine line : vpopmail.assign()) {
            if (!vpopmail.isDomainDir(line.home())) {
                fromAssign(line, prefix, candidates);
            }
        }
        for (PasswdFile.Account account : delivery.passwd().accounts()) {
            String name = account.name();
            if (name.startsWith(prefix) && uids.contains(account.uid()) && name.equals(Addresses.lowerAscii(name))
                    && delivery.ownsHome(account)) {
                accounts++;
                candidates.add(name);
                candidates.add(name + "-default");
                for (String ext : delivery.dir(InstallFiles.path(account.home())).exts()) {
                    candidates.add(name + "-" + ext);
                }
            } else if (prefix.startsWith(name + "-") && delivery.ownsHome(account)) {
                String rest = prefix.substring(name.length() + 1);
                for (String ext : delivery.dir(InstallFiles.path(account.home())).exts()) {
                    if (ext.startsWith(rest)) {
                        candidates.add(prefix + ext.substring(rest.length()));
                    }
                }
            }
        }
        for (String ext : delivery.dir(delivery.aliasDir()).exts()) {
            if (ext.startsWith(prefix)) {
                candidates.add(ext);
            }
        }
        CatchAll catchAll = catchAll(delivery.deliver(prefix + UNKNOWN, domain));
        for (Fastforward database : delivery.forwardingDatabases()) {
            for (String target : database.targets()) {
                int at = target.lastIndexOf('@');
                String host = target.substring(at + 1);
                if (at > 0 && (host.isEmpty() || host.equals(domain)) && target.startsWith(prefix)) {
                    candidates.add(target.substring(0, at));
                }
            }
        }

        SortedMap<String, String> keys = new TreeMap<>();
        for (String candidate : candidates) {
            // .qmail file names carry ':' where the address has '.'.
            String local = candidate.replace(':', '.');
            keys.put(local.substring(prefix.length()), delivery.deliver(local, domain));
        }
        dropNeedlessRejections(keys, catchAll);
        return new Domain(keys, catchAll, accounts);
    }

    /** Addresses a users/assign line names: its own local part and its home's .qmail files. */
    private void fromAssign(AssignLine line, String prefix, Set<String> candidates) throws IOException {
        String local = line.local();
        if (line.exact()) {
            if (local.startsWith(prefix)) {
                candidates.add(local);
            }
            return;
        }
        if (local.startsWith(prefix)) {
            if (local.isEmpty() || local.endsWith("-")) {
                candidates.add(local + "default");
            }
            if (!line.dash().isEmpty()) {
                for (String ext : delivery.dir(InstallFiles.path(line.home())).exts()) {
                    if (ext.startsWith(line.ext())) {
                        candidates.add(local + ext.substring(line.ext().length()));
                    }
                }
            }
        } else if (prefix.startsWith(local) && !line.dash().isEmpty()) {
            String rest = line.ext() + prefix.substring(local.length());
            for (String ext : delivery.dir(InstallFiles.path(line.home())).exts()) {
                if (ext.startsWith(rest)) {
                    candidates.add(prefix + ext.substring(rest.length()));
                }
            }
        }
    }

    /** The {@code @domain} kind for what happens to an unknown address. */
    private static CatchAll catchAll(String value) {
        if (value.equals(CatchAll.BOUNCE.value())) {
            return CatchAll.BOUNCE;
        }
        if (value.equals(CatchAll.DELETE.value())) {
            return CatchAll.DELETE;
        }
        return value.startsWith("-") ? CatchAll.NONE : CatchAll.DELIVER;
    }

    /**
     * Removes rejecting keys the helper does not need: those whose addresses it would reject
     * anyway, because the next key it tries (a shorter {@code -default}, then {@code @domain})
     * rejects too or does not exist.
     */
    private static void dropNeedlessRejections(SortedMap<String, String> keys, CatchAll catchAll) {
        keys.entrySet().removeIf(entry -> entry.getValue().startsWith("-")
                && !accepts(fallback(keys, entry.getKey(), catchAll)));
    }

    /** The value the helper finds for this key's addresses when the key itself is missing. */
    private static String fallback(Map<String, String> keys, String local, CatchAll catchAll) {
        for (int dash = local.lastIndexOf('-'); dash >= 0; dash = local.lastIndexOf('-', dash - 1)) {
            String key = local.substring(0, dash + 1) + "default";
            String value = key.equals(local) ? null : keys.get(key);
            if (value != null) {
                return value;
            }
        }
        return catchAll.value();
    }

    private static boolean accepts(String value) {
        return value != null && !value.startsWith("-");
    }
}
