package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import vchkrcpt.policy.Addresses;

/**
 * The mkvalidrcptto of a qmail + vpopmail installation: reads users/assign, every vpopmail domain
 * directory, control/rcpthosts and control/morercpthosts, and the include files, and returns the
 * keys. It only reads; any file it cannot read or parse ends the scan with an error naming it.
 */
public final class Scanner {
    private Scanner() {
    }

    public static ScanResult scan(ScanSettings settings, ProgressLine progress) throws IOException {
        List<String> warnings = new ArrayList<>();
        VpopmailDomains.Found found = VpopmailDomains.read(settings, warnings);
        List<VpopmailDomain> domains = found.domains();
        KeyBuilder keys = new KeyBuilder();
        Set<String> names = new HashSet<>();
        try (VpopmailBackend vpopmail = VpopmailBackend.open(settings.accounts(), found.home(), domains, warnings)) {
            Map<VpopmailDomain, DomainUsers> reads = new HashMap<>();
            int done = 0;
            long mailboxes = 0;
            for (VpopmailDomain domain : domains) {
                DomainContent content = DomainReader.read(domain, vpopmail.store(), warnings);
                keys.addDomain(domain, content, vpopmail.qmailExt());
                names.addAll(domain.names());
                reads.put(domain, content.users());
                mailboxes += content.users().mailboxes().size();
                progress.domainsRead(++done, domains.size(), mailboxes);
            }
            DropGuard.against(settings.accounts().previous()).check(keys.keys(), reads, vpopmail.store());
        }

        List<String> unchecked = uncheckedDomains(settings.qmail().resolve("control"), names, warnings);
        for (String domain : unchecked) {
            keys.addUnchecked(domain, settings.acceptUncheckedDomains());
        }
        if (!unchecked.isEmpty()) {
            warnings.add(unchecked.size() + " domain(s) in rcpthosts/morercpthosts are not vpopmail domains: "
                    + String.join(" ", unchecked) + (settings.acceptUncheckedDomains()
                            ? ": accepted whole (@domain = catchall), their addresses are not checked"
                            : ": they get no key, so the helper REJECTS every address there"
                                    + " (--accept-unchecked-domains accepts them whole)"));
        }
        for (Path include : settings.includes()) {
            keys.addIncluded(IncludeFile.parse(InstallFiles.read(include), include.toString()));
        }
        return new ScanResult(keys.keys(), keys.summary(), warnings);
    }

    /**
     * The rcpthosts and morercpthosts domains that are not vpopmail names. morercpthosts.cdb is
     * compiled from the text file control/morercpthosts by qmail-newmrh, so the text is read.
     */
    private static List<String> uncheckedDomains(Path control, Set<String> vpopmailNames, List<String> warnings)
            throws IOException {
        Set<String> hosts = new LinkedHashSet<>();
        for (String file : new String[] {"rcpthosts", "morercpthosts"}) {
            String text = InstallFiles.readIfExists(control.resolve(file));
            if (text != null) {
                for (String line : ControlFile.lines(text)) {
                    hosts.add(Addresses.lowerAscii(line));
                }
            } else if (file.equals("morercpthosts") && Files.exists(control.resolve("morercpthosts.cdb"))) {
                warnings.add(control.resolve("morercpthosts.cdb") + " exists without " + control.resolve(file)
                        + ", its source: its domains are not listed as unchecked");
            }
        }
        List<String> unchecked = new ArrayList<>();
        for (String host : hosts) {
            if (host.startsWith(".")) {
                warnings.add("rcpthosts entry " + host + " (every subdomain) cannot be a validrcptto.cdb key:"
                        + " the helper rejects addresses there unless the domain is a vpopmail domain");
            } else if (!vpopmailNames.contains(host)) {
                unchecked.add(host);
            }
        }
        return unchecked;
    }
}
