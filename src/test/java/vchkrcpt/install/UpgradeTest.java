package vchkrcpt.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/**
 * A rebuild (scripts/build) and an upgrade (scripts/install) while helpers keep running, as on a
 * mail server: every call gets its right answer. Before builds were switched in by one rename, a
 * rebuild in place gave calls a half-written jar (ClassNotFoundException: vchkrcpt.Main, 421).
 * The rebuild happens in a private copy of the source tree, whose first build is the real one.
 */
class UpgradeTest {
    @TempDir
    Path dir;

    @AfterEach
    void unlink() throws IOException {
        Run.unlinkOutside(dir);
    }

    @Test
    void rebuildAndUpgradeWhileHelpersRun() throws Exception {
        Path tree = copySources(dir.resolve("tree"));
        Path first = Helper.TOP.resolve("target/current").toRealPath();
        String b1 = first.getFileName().toString();
        Files.createDirectories(tree.resolve("target/builds"));
        Files.createSymbolicLink(tree.resolve("target/builds/" + b1), first);
        Files.createSymbolicLink(tree.resolve("target/current"), Path.of("builds/" + b1));
        Map<String, String> install = Map.of("PREFIX", dir.resolve("opt").toString(), "QMAIL", dir.resolve("qmail").toString(),
                "MANDIR", dir.resolve("man").toString(), "STATEDIR", dir.resolve("state").toString(),
                "SMTPUSER", Run.user(), "LOGUSER", Run.user());
        Run installed = Run.of(List.of(Helper.TOP.resolve("scripts/install").toString()), install, Path.of("/"), 300);
        assertEquals(0, installed.status(), installed.toString());

        // The rebuild, with calls through the source tree's scripts/vchkrcpt.
        HelperLoop rebuild = HelperLoop.start(tree.resolve("scripts/vchkrcpt"), tree.resolve("target/current"),
                HelperLoop.state(dir));
        Run built = Run.of(List.of(tree.resolve("scripts/build").toString()), Map.of(), tree, 900);
        rebuild.stopAndCheck("scripts/build");
        assertEquals(0, built.status(), built.toString());
        String b2 = Files.readSymbolicLink(tree.resolve("target/current")).getFileName().toString();
        assertNotEquals(b1, b2);
        assertEquals(Set.of("builds/" + b1, "builds/" + b2), rebuild.builds(), "calls before and after the switch");
        assertEquals(Set.of(b1, b2), names(tree.resolve("target/builds")), "the previous build stays");

        // The upgrade, with calls through QMAIL/bin/vchkrcpt, as RCPTCHECK names it.
        HelperLoop upgrade = HelperLoop.start(dir.resolve("qmail/bin/vchkrcpt"), dir.resolve("opt/current"),
                HelperLoop.state(dir));
        Run upgraded = Run.of(List.of(tree.resolve("scripts/install").toString()), install, Path.of("/"), 300);
        upgrade.stopAndCheck("scripts/install");
        assertEquals(0, upgraded.status(), upgraded.toString());
        assertTrue(upgraded.stdout().contains("current -> builds/" + b2 + " (was builds/" + b1), upgraded.stdout());
        assertEquals(Path.of("builds/" + b2), Files.readSymbolicLink(dir.resolve("opt/current")));
        assertEquals(Set.of(b1, b2), names(dir.resolve("opt/builds")), "the previous build stays");
        assertEquals(Set.of("builds/" + b1, "builds/" + b2), upgrade.builds(), "calls before and after the switch");
    }

    /** What scripts/build needs of the source tree. */
    private static Path copySources(Path tree) throws IOException {
        for (String name : List.of("pom.xml", "run.example", "smtpplugins.example", "src/main", "scripts", "doc")) {
            Path from = Helper.TOP.resolve(name);
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path path : paths.toList()) {
                    Path to = tree.resolve(Helper.TOP.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(path, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return tree;
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return Set.copyOf(paths.map(p -> p.getFileName().toString()).toList());
        }
    }
}
