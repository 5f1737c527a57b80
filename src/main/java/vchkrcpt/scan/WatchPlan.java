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
 * Which directories the watch service watches and which names in each matter: users/assign,
 * control/rcpthosts and morercpthosts, the include files, each domain's vpasswd and .qmail-*
 * files, and every name in the directories that hold domain directories (a domain appearing or
 * vanishing). Everything else, above all our own output in control/, is ignored.
 */
final class WatchPlan {
    /** What matters in one directory. */
    static final class Rule {
        private final Set<String> names = new HashSet<>();
        private boolean dotQmail;
        private boolean anything;

        boolean matters(String name) {
            return anything || names.contains(name) || (dotQmail && name.startsWith(DotQmailName.PREFIX));
        }
    }

    private final Map<Path, Rule> rules = new LinkedHashMap<>();

    /** The directories that matter whatever users/assign says. */
    private static WatchPlan base(ScanSettings settings) {
        WatchPlan plan = new WatchPlan();
        plan.rule(settings.qmail().resolve("users")).names.add("assign");
        Rule control = plan.rule(settings.qmail().resolve("control"));
        control.names.add("rcpthosts");
        control.names.add("morercpthosts");
        for (Path include : settings.includes()) {
            Path absolute = include.toAbsolutePath();
            plan.rule(absolute.getParent()).names.add(absolute.getFileName().toString());
        }
        return plan;
    }

    private static WatchPlan of(ScanSettings settings, Path vpopmailHome, Iterable<Path> domainDirs) {
        WatchPlan plan = base(settings);
        Path top = vpopmailHome.resolve("domains");
        for (Path dir : domainDirs) {
            Rule rule = plan.rule(dir);
            rule.names.add("vpasswd");
            rule.names.add("vpasswd.cdb");
            rule.dotQmail = true;
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

    Map<Path, Rule> rules() {
        return rules;
    }

    private Rule rule(Path dir) {
        return rules.computeIfAbsent(dir, d -> new Rule());
    }
}
