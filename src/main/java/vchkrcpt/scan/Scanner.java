package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import vchkrcpt.policy.Addresses;

/**
 * The mkvalidrcptto of a qmail installation: sorts every received domain by what qmail does with
 * it ({@link ReceivedDomains}), reads each vpopmail domain directory, asks qmail's own rules for
 * the local and virtual domains of system users ({@link LocalKeys}), accepts relayed domains
 * whole, and adds the include files. It only reads; any file it cannot read or parse, and any
 * received domain nobody accounts for, ends the scan with an error naming it.
 */
public final class Scanner {
    private Scanner() {
    }

    public static ScanResult scan(ScanSettings settings, ProgressLine progress) throws IOException {
        return scan(settings, progress, new WatchPlan());
    }

    /** @param sources collects the files and directories the scan read, for the watch service */
    static ScanResult scan(ScanSettings settings, ProgressLine progress, WatchPlan sources) throws IOException {
        List<String> warnings = new ArrayList<>();
        QmailControl control = QmailControl.read(settings.qmail(), warnings);
        VpopmailDomains.Found found = VpopmailDomains.read(settings, warnings);
        usersCdbAge(settings.qmail(), warnings);
        List<Map<String, String>> includes = new ArrayList<>();
        Set<String> includedDomains = new TreeSet<>();
        for (Path include : settings.includes()) {
            Map<String, String> keys = IncludeFile.parse(InstallFiles.read(include), include.toString());
            includes.add(keys);
            for (String key : keys.keySet()) {
                String domain = Addresses.domainOf(key);
                if (domain != null && !domain.isEmpty()) {
                    includedDomains.add(domain);
                }
            }
        }
        LocalDelivery delivery = new LocalDelivery(found.assign(), settings, sources, warnings);
        ReceivedDomains received = ReceivedDomains.sort(control, found, delivery, includedDomains, warnings);
        uncheckedDomains(received, settings.unchecked(), warnings);

        KeyBuilder keys = new KeyBuilder();
        try (VpopmailBackend vpopmail = VpopmailBackend.open(settings.accounts(), found.home(), received.vpopmail,
                warnings)) {
            Map<VpopmailDomain, DomainUsers> reads = new HashMap<>();
            int done = 0;
            long mailboxes = 0;
            for (VpopmailDomain domain : received.vpopmail) {
                DomainContent content = DomainReader.read(domain, vpopmail.store(), warnings);
                keys.addDomain(domain, content, vpopmail.qmailExt());
                reads.put(domain, content.users());
                mailboxes += content.users().mailboxes().size();
                progress.domainsRead(++done, received.vpopmail.size(), mailboxes);
            }
            DropGuard.against(settings.accounts().previous()).check(keys.keys(), reads, vpopmail.store());
        }
        LocalKeys system = new LocalKeys(delivery, found, settings.uids());
        for (String domain : received.local) {
            keys.addSystemDomain(domain, system.keys("", domain), true);
        }
        for (Map.Entry<String, String> virtual : received.virtual.entrySet()) {
            keys.addSystemDomain(virtual.getKey(), system.keys(virtual.getValue() + "-", virtual.getKey()), false);
        }
        for (String domain : received.routed) {
            keys.addRouted(domain, RoutedAddresses.read(settings.routedAddresses(), domain, sources));
        }
        virtualAddresses(control, delivery, keys, warnings);
        keys.addIncludedDomains(received.included.size());
        for (String domain : received.unchecked) {
            keys.addUnchecked(domain, settings.unchecked() == ScanSettings.UncheckedDomains.ACCEPT);
        }
        for (Map<String, String> include : includes) {
            keys.addIncluded(include);
        }
        return new ScanResult(keys.keys(), keys.summary(), warnings);
    }

    /**
     * A received domain nobody accounts for stops the scan unless the admin said what to do; a
     * {@code .SUFFIX} rcpthosts entry always leaves subdomains without keys (a key cannot be a
     * wildcard), so it needs the same word.
     */
    private static void uncheckedDomains(ReceivedDomains received, ScanSettings.UncheckedDomains policy,
            List<String> warnings) throws IOException {
        Set<String> all = new TreeSet<>(received.unchecked);
        all.addAll(received.wildcards);
        if (all.isEmpty()) {
            return;
        }
        String list = String.join(" ", all);
        String wildcards = received.wildcards.isEmpty() ? ""
                : "; " + String.join(" ", received.wildcards) + ": a key cannot be a wildcard, so subdomains not named"
                        + " in locals, virtualdomains, smtproutes, users/assign or --include get none";
        switch (policy) {
            case FAIL -> throw new IOException("unable to account for rcpthosts domain(s) " + list
                    + ": qmail neither delivers them (control/locals, virtualdomains) nor relays them"
                    + " (control/smtproutes), and no --include key names them" + wildcards
                    + "; list a backup MX's domain in smtproutes, or rerun with --accept-unchecked-domains (accept"
                    + " every address there) or --reject-unchecked-domains (reject every address there)");
            case ACCEPT -> warnings.add(count(all) + " in rcpthosts/morercpthosts not accounted for: " + list
                    + ": accepted whole (@domain = catchall), their addresses are not checked" + wildcards
                    + " (the helper rejects their addresses)");
            case REJECT -> warnings.add(count(all) + " in rcpthosts/morercpthosts not accounted for: " + list
                    + ": they get no key, so the helper REJECTS every address there" + wildcards);
        }
    }

    private static String count(Set<String> domains) {
        return domains.size() == 1 ? "1 domain" : domains.size() + " domains";
    }

    /**
     * {@code user@domain:PREPEND} lines of control/virtualdomains: qmail-send tries the whole
     * address before the domain, so such an address goes to PREPEND-user whatever its domain does
     * (unless the domain is local: locals come first).
     */
    private static void virtualAddresses(QmailControl control, LocalDelivery delivery, KeyBuilder keys,
            List<String> warnings) throws IOException {
        for (String key : new TreeSet<>(control.virtualdomains.keys())) {
            int at = key.lastIndexOf('@');
            if (at < 0) {
                continue;
            }
            String domain = key.substring(at + 1);
            String prepend = Addresses.lowerAscii(control.virtualdomains.exact(key).value());
            if (control.locals.contains(domain) || !control.receives(domain)) {
                continue;
            }
            if (prepend.isEmpty()) {
                warnings.add("control/virtualdomains line " + key + ": (no prepend) ignored: qmail-remote relays"
                        + " that address; its domain's keys decide");
                continue;
            }
            keys.addAddress(key, delivery.deliver(prepend + "-" + key.substring(0, at), domain));
        }
    }

    /** qmail-lspawn reads users/cdb, which qmail-newu compiles from users/assign. */
    private static void usersCdbAge(Path qmail, List<String> warnings) throws IOException {
        Path assign = qmail.resolve("users/assign");
        Path cdb = qmail.resolve("users/cdb");
        if (Files.exists(assign) && Files.exists(cdb)
                && Files.getLastModifiedTime(cdb).compareTo(Files.getLastModifiedTime(assign)) < 0) {
            warnings.add(cdb + " is older than " + assign + " (run qmail-newu): qmail-lspawn reads the cdb;"
                    + " the keys follow users/assign");
        }
    }
}
