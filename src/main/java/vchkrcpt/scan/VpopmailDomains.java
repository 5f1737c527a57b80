package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns users/assign entries into vpopmail domains: those under VPOPMAIL/domains/, grouped by directory. */
final class VpopmailDomains {
    static final String DEFAULT_HOME = "/home/vpopmail";

    private VpopmailDomains() {
    }

    /** The vpopmail home, its domains, and every line of users/assign. */
    static final class Found {
        private final Path home;
        private final List<VpopmailDomain> domains;
        private final List<AssignLine> assign;
        private final Set<String> dirs = new HashSet<>();

        Found(Path home, List<VpopmailDomain> domains, List<AssignLine> assign) {
            this.home = home;
            this.domains = domains;
            this.assign = assign;
            for (VpopmailDomain domain : domains) {
                dirs.add(domain.dir());
            }
        }

        Path home() {
            return home;
        }

        List<VpopmailDomain> domains() {
            return domains;
        }

        List<AssignLine> assign() {
            return assign;
        }

        /** Whether this directory (as users/assign writes it) is a vpopmail domain's. */
        boolean isDomainDir(String dir) {
            return dirs.contains(dir);
        }
    }

    /** Reads users/assign and keeps the vpopmail domains. A missing assign is an installation without users/assign. */
    static Found read(ScanSettings settings, List<String> warnings) throws IOException {
        Path assign = settings.qmail().resolve("users/assign");
        String text = InstallFiles.readIfExists(assign);
        if (text == null) {
            text = ".\n";
        }
        List<AssignEntry> entries = AssignFile.parse(text, assign.toString());
        String home = settings.vpopmail() != null ? InstallFiles.byteString(settings.vpopmail().normalize())
                : homeFrom(entries);
        home = home.length() > 1 && home.endsWith("/") ? home.substring(0, home.length() - 1) : home;
        return new Found(InstallFiles.path(home), group(entries, home, assign.toString(), warnings),
                AssignFile.lines(text, assign.toString()));
    }

    /** The vpopmail home as vpopmail wrote it into assign: the part before {@code /domains/} of the first domain directory. */
    private static String homeFrom(List<AssignEntry> entries) {
        for (AssignEntry entry : entries) {
            int at = entry.dir().lastIndexOf("/domains/");
            if (at > 0) {
                return entry.dir().substring(0, at);
            }
        }
        return DEFAULT_HOME;
    }

    private static List<VpopmailDomain> group(List<AssignEntry> entries, String home, String assignFile, List<String> warnings)
            throws IOException {
        String under = home + "/domains/";
        Map<String, List<AssignEntry>> byDir = new LinkedHashMap<>();
        for (AssignEntry entry : entries) {
            if (entry.dir().startsWith(under)) {
                byDir.computeIfAbsent(entry.dir(), d -> new ArrayList<>()).add(entry);
            } else if (entry.domain().indexOf('.') >= 0) {
                // A +PREFIX- line without a dot is a system user's, not a domain gone astray.
                warnings.add(entry.domain() + " in " + assignFile + " lives in " + entry.dir()
                        + ", not under " + under + ": not a vpopmail domain, so not scanned");
            }
        }
        if (byDir.isEmpty() && !entries.isEmpty()) {
            // Publishing a file without any domain would reject all mail: refuse instead.
            throw new IOException("unable to find vpopmail domains: no domain directory in " + assignFile
                    + " is under " + under + " (wrong --vpopmail?)");
        }
        List<VpopmailDomain> domains = new ArrayList<>(byDir.size());
        for (Map.Entry<String, List<AssignEntry>> group : byDir.entrySet()) {
            domains.add(new VpopmailDomain(realFirst(group.getValue()), group.getKey(), group.getValue().get(0).uid()));
        }
        return domains;
    }

    /** The entry whose real-domain field names itself comes first; the others are alias domains. */
    private static List<String> realFirst(List<AssignEntry> entries) {
        List<String> names = new ArrayList<>(entries.size());
        for (AssignEntry entry : entries) {
            if (entry.domain().equals(entry.realDomain())) {
                names.add(0, entry.domain());
            } else {
                names.add(entry.domain());
            }
        }
        return names;
    }
}
