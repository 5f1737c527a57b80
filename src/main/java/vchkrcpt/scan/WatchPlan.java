package vchkrcpt.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which directories the watch service watches and which names in each matter: users/assign, the
 * control files, the include files, each domain's vpasswd and .qmail-* files, every name in the
 * directories that hold domain directories (a domain appearing or vanishing), and whatever the
 * last scan read besides (the passwd file, home and alias directories, the aliases cdb). The
 * output file matters too, but only when someone else replaces or removes it.
 */
final class WatchPlan {
    /** What matters in one directory. */
    static final class Rule {
        private final Set<String> names = new HashSet<>();
        private boolean dotQmail;
        private boolean anything;
        private String output;

        boolean matters(String name) {
            return anything || names.contains(name) || (dotQmail && name.startsWith(DotQmailName.PREFIX));
        }

        /** Whether this name is the output file, which matters only when it is not the file we wrote. */
        boolean isOutput(String name) {
            return name.equals(output);
        }
    }

    private final Map<Path, Rule> rules = new LinkedHashMap<>();

    /** The files and directories that matter whatever users/assign and the last scan say. */
    private static WatchPlan base(ScanSettings settings) {
        WatchPlan plan = new WatchPlan();
        plan.file(settings.qmail().resolve("users/assign"));
        for (String name : QmailControl.FILES) {
            plan.file(settings.qmail().resolve("control").resolve(name));
        }
        plan.file(settings.passwd());
        plan.dotQmail(settings.aliasDir());
        if (settings.aliasesCdb() != null) {
            plan.file(settings.aliasesCdb());
        }
        if (settings.routedAddresses() != null) {
            plan.everything(settings.routedAddresses());
        }
        for (Path include : settings.includes()) {
            plan.file(include);
        }
        return plan;
    }

    private static WatchPlan of(ScanSettings settings, Path vpopmailHome, Iterable<Path> domainDirs) {
        WatchPlan plan = base(settings);
        Path top = vpopmailHome.resolve("domains");
        for (Path dir : domainDirs) {
            plan.file(dir.resolve("vpasswd"));
            plan.file(dir.resolve("vpasswd.cdb"));
            plan.dotQmail(dir);
            for (Path parent = dir.getParent(); parent != null && parent.startsWith(top); parent = parent.getParent()) {
                plan.rule(parent).anything = true;
            }
        }
        return plan;
    }

    /**
     * The plan from users/assign: the base plus every domain directory and the directories that
     * hold them up to VPOPMAIL/domains. Only the base when assign cannot be read; its repair is a
     * change in users/ and brings the rest back.
     */
    static WatchPlan fromAssign(ScanSettings settings) {
        try {
            VpopmailDomains.Found found = VpopmailDomains.read(settings, new ArrayList<>());
            List<Path> dirs = new ArrayList<>();
            for (VpopmailDomain domain : found.domains()) {
                dirs.add(InstallFiles.path(domain.dir()));
            }
            return of(settings, found.home(), dirs);
        } catch (IOException e) {
            return base(settings);
        }
    }

    /** A file the scan reads: its name in its directory. */
    void file(Path file) {
        Path absolute = file.toAbsolutePath();
        rule(absolute.getParent()).names.add(absolute.getFileName().toString());
    }

    /** A directory whose .qmail-* files the scan reads. */
    void dotQmail(Path dir) {
        rule(dir.toAbsolutePath()).dotQmail = true;
    }

    /** A directory in which every name matters. */
    void everything(Path dir) {
        rule(dir.toAbsolutePath()).anything = true;
    }

    /** The file the service writes. */
    void output(Path output) {
        Path absolute = output.toAbsolutePath();
        rule(absolute.getParent()).output = absolute.getFileName().toString();
    }

    /** This plan and everything {@code other} watches. */
    WatchPlan with(WatchPlan other) {
        for (Map.Entry<Path, Rule> entry : other.rules.entrySet()) {
            Rule mine = rule(entry.getKey());
            Rule theirs = entry.getValue();
            mine.names.addAll(theirs.names);
            mine.dotQmail |= theirs.dotQmail;
            mine.anything |= theirs.anything;
            if (theirs.output != null) {
                mine.output = theirs.output;
            }
        }
        return this;
    }

    Map<Path, Rule> rules() {
        return rules;
    }

    private Rule rule(Path dir) {
        return rules.computeIfAbsent(dir, d -> new Rule());
    }
}
