package vchkrcpt.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;

/**
 * scripts/install into a DESTDIR, as a packager runs it: what it puts where, that a second run
 * changes nothing, that it never edits a run file it finds, and that it stops for a missing user.
 */
class InstallTest {
    private static final Path INSTALL = Helper.TOP.resolve("scripts/install");

    @TempDir
    Path dir;

    @AfterEach
    void unlink() throws IOException {
        Run.unlinkOutside(dir);
    }

    private Map<String, String> env(String... more) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("DESTDIR", dir.resolve("stage").toString(),
                "SMTPUSER", Run.user(), "LOGUSER", Run.user()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private Run install(Map<String, String> env) throws Exception {
        return Run.of(List.of(INSTALL.toString()), env, Path.of("/"), 120);
    }

    /** Every path under the stage with its type, mode, owner, group, modification time and link target. */
    private List<String> listing() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir.resolve("stage"))) {
            for (Path path : paths.sorted().toList()) {
                PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                lines.add(path + " " + (a.isSymbolicLink() ? "link " + Files.readSymbolicLink(path) : a.isDirectory()
                        ? "dir" : "file") + " " + PosixFilePermissions.toString(a.permissions()) + " " + a.owner().getName()
                        + " " + a.group().getName() + " " + a.lastModifiedTime().toInstant());
            }
        }
        return lines;
    }

    @Test
    void installsWhereQmailToolsGoAndTheSecondRunChangesNothing() throws Exception {
        Run first = install(env());
        assertEquals(0, first.status(), first.toString());
        Path stage = dir.resolve("stage");
        String id = Files.readSymbolicLink(Helper.TOP.resolve("target/current")).getFileName().toString();

        Path prefix = stage.resolve("opt/vchkrcpt");
        assertEquals(Path.of("builds/" + id), Files.readSymbolicLink(prefix.resolve("current")));
        Path build = prefix.resolve("builds/" + id);
        for (String file : List.of("vchkrcpt.jar", "helper.jvm", "vchkrcpt.aot", "runtime/bin/java", "man/man8/vchkrcpt.8",
                "service/vchkrcpt-scan.run", "service/log.run", "examples/run.example")) {
            assertTrue(Files.exists(build.resolve(file)), file);
        }
        // The installed launcher runs its own build, named where it will be, without DESTDIR.
        assertTrue(Files.readString(build.resolve("vchkrcpt")).contains("\nbuild='/opt/vchkrcpt/builds/" + id + "'\n"));
        assertTrue(Files.getLastModifiedTime(build.resolve("vchkrcpt.aot"))
                .compareTo(Files.getLastModifiedTime(build.resolve("vchkrcpt.jar"))) > 0, "the cache stays newer than the jar");

        assertEquals(Path.of("/opt/vchkrcpt/current/vchkrcpt"), Files.readSymbolicLink(stage.resolve("var/qmail/bin/vchkrcpt")));
        assertEquals(Path.of("/opt/vchkrcpt/current/man/man8/vchkrcpt.8"),
                Files.readSymbolicLink(stage.resolve("usr/local/share/man/man8/vchkrcpt.8")));
        Path state = stage.resolve("var/lib/vchkrcpt");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertEquals(Run.user(), Files.getOwner(state).getName());

        Path scan = stage.resolve("var/qmail/supervise/vchkrcpt-scan");
        assertEquals(Files.readString(Helper.TOP.resolve("scripts/vchkrcpt-scan.run")), Files.readString(scan.resolve("run")));
        assertEquals(Files.readString(Helper.TOP.resolve("scripts/log.run")), Files.readString(scan.resolve("log/run")));
        assertTrue(Files.isExecutable(scan.resolve("run")));
        assertTrue(Files.isDirectory(scan.resolve("env")), "the run file reads ./env");
        assertEquals(Run.user(), Files.getOwner(scan.resolve("log/main")).getName());
        assertFalse(Files.exists(stage.resolve("service")), "no service is started");
        assertTrue(first.stdout().contains("Left for you:"), first.stdout());
        assertTrue(first.stdout().contains("ln -s /var/qmail/supervise/vchkrcpt-scan /service/"), first.stdout());
        assertTrue(first.stdout().contains("echo /var/qmail/bin/vchkrcpt > /service/qmail-smtpd/env/RCPTCHECK"), first.stdout());

        List<String> before = listing();
        Run second = install(env());
        assertEquals(0, second.status(), second.toString());
        assertEquals(before, listing());
        assertTrue(second.stdout().startsWith("vchkrcpt install: /opt/vchkrcpt/current is builds/" + id + ". Left for you:"),
                second.stdout());
    }

    @Test
    void anExistingRunFileIsNeverEdited() throws Exception {
        Path run = dir.resolve("stage/var/qmail/supervise/vchkrcpt-scan/run");
        Files.createDirectories(run.getParent());
        Files.writeString(run, "#!/bin/sh\n# the admin's own\nexec vchkrcpt scan --watch --include /etc/extra\n");
        Run r = install(env());
        assertEquals(0, r.status(), r.toString());
        assertEquals("#!/bin/sh\n# the admin's own\nexec vchkrcpt scan --watch --include /etc/extra\n", Files.readString(run));
        assertTrue(r.stdout().contains(run + " differs from the shipped "), r.stdout());
    }

    @Test
    void aMissingSmtpUserStopsIt() throws Exception {
        Run r = install(env("SMTPUSER", "no-such-user-vchkrcpt"));
        assertEquals(111, r.status(), r.toString());
        assertTrue(r.stderr().startsWith("vchkrcpt install: fatal: there is no user no-such-user-vchkrcpt (id -u"
                + " no-such-user-vchkrcpt finds none)"), r.stderr());
        assertFalse(Files.exists(dir.resolve("stage")), "nothing installed");
    }

    @Test
    void aRelativePrefixIsRefused() throws Exception {
        Run r = install(env("PREFIX", "opt/vchkrcpt"));
        assertEquals(111, r.status(), r.toString());
        assertTrue(r.stderr().contains("opt/vchkrcpt is not an absolute path"), r.stderr());
    }
}
