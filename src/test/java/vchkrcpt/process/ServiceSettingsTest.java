package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;
import vchkrcpt.testing.TestCdb;

/**
 * The admin commands read the settings the helper runs with: the service's envdir (--envdir), and
 * relative paths in it resolved against the qmail home (--qmail, default /var/qmail), where
 * qmail-smtpd runs the helper, never against the admin's current directory.
 */
class ServiceSettingsTest {
    @TempDir
    Path dir;

    private Path qmail;
    private Path envdir;
    /** The admin's current directory, with a control/ of its own that must not be read. */
    private Path elsewhere;

    @BeforeEach
    void installation() throws Exception {
        qmail = Files.createDirectories(dir.resolve("qmail/control"));
        qmail = qmail.getParent();
        TestCdb.write(qmail.resolve("control/validrcptto.cdb"), "joe@example.com", "1");
        Files.writeString(qmail.resolve("control/vchkrcpt-allow"), "boss@partner.example\n");
        Files.createDirectory(qmail.resolve("state"));
        elsewhere = Files.createDirectories(dir.resolve("elsewhere/control")).getParent();
        TestCdb.write(elsewhere.resolve("control/validrcptto.cdb"), "someone@example.com", "1");
        envdir = Files.createDirectory(dir.resolve("env"));
        env("VALIDRCPTTO_CDB", "control/validrcptto.cdb\n");
        env("VCHKRCPT_ALLOW", "control/vchkrcpt-allow\n");
        env("VCHKRCPT_STATE_DIR", "state\n");
        env("VCHKRCPT_THROTTLE_WINDOW", "600\n");
    }

    private void env(String name, String content) throws Exception {
        Files.writeString(envdir.resolve(name), content);
    }

    private Result run(Map<String, String> environment, String... args) throws Exception {
        return Helper.run(environment, List.of(args), elsewhere);
    }

    @Test
    void checkReadsTheEnvdirAndResolvesItsPathsInTheQmailHome() throws Exception {
        Result r = run(Map.of(), "check", "--envdir", envdir.toString(), "--qmail", qmail.toString(), "joe@example.com");
        assertEquals("sender: <> (the null sender, as no --sender was given)\nverdict: accept\nexit status: 0\n"
                + "reason: account ok\n", r.stdout(), r.stderr());
        assertEquals(0, r.status());
        // The allow-list at its relative path too.
        r = run(Map.of(), "check", "--envdir", envdir.toString(), "--qmail", qmail.toString(), "--sender",
                "boss@partner.example", "someone@example.com");
        assertEquals(0, r.status(), r.stdout() + r.stderr());
        assertEquals("reason: ok (sender explicitly allowed: boss@partner.example)\n",
                r.stdout().substring(r.stdout().lastIndexOf("reason:")));
    }

    @Test
    void theDefaultQmailHomeIsVarQmail() throws Exception {
        // No test machine has qmail installed: the message names the file that was tried.
        Result r = run(Map.of("VALIDRCPTTO_CDB", "control/validrcptto.cdb"), "check", "joe@example.com");
        assertEquals(111, r.status());
        assertEquals("vchkrcpt: fatal: unable to open /var/qmail/control/validrcptto.cdb (No such file or directory)\n",
                r.stderr());
    }

    @Test
    void anEmptyFileRemovesAVariableOfTheEnvironment() throws Exception {
        env("VALIDRCPTTO_CDB", "");
        Result r = run(Map.of("VALIDRCPTTO_CDB", qmail.resolve("control/validrcptto.cdb").toString()), "check",
                "--envdir", envdir.toString(), "--qmail", qmail.toString(), "joe@example.com");
        assertEquals(111, r.status());
        assertEquals("vchkrcpt: fatal: unable to open /var/qmail/control/validrcptto.cdb (No such file or directory)\n",
                r.stderr());
    }

    @Test
    void aSettingTheHelperWouldRefuseFailsCheckAsItFailsTheHelper() throws Exception {
        env("VCHKRCPT_LOG", "syslgo\n");
        Result r = run(Map.of(), "check", "--envdir", envdir.toString(), "--qmail", qmail.toString(), "joe@example.com");
        assertEquals(111, r.status());
        assertEquals("vchkrcpt: fatal: VCHKRCPT_LOG is syslgo: use syslog, stderr or both\n", r.stderr());
    }

    @Test
    void anUnreadableEnvdirIsAFailure() throws Exception {
        Path missing = dir.resolve("no-such-env");
        Result r = run(Map.of(), "check", "--envdir", missing.toString(), "joe@example.com");
        assertEquals(111, r.status());
        assertEquals("vchkrcpt: fatal: unable to read the envdir " + missing + ": " + missing
                + ": No such file or directory\n", r.stderr());
    }

    @Test
    void throttleListAndClearReadTheEnvdirToo() throws Exception {
        Result r = run(Map.of(), "throttle", "list", "--envdir", envdir.toString(), "--qmail", qmail.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals("state directory: " + qmail.resolve("state") + ", window 600 s", r.stdout().lines().findFirst()
                .orElseThrow());
        r = run(Map.of(), "throttle", "clear", "--envdir", envdir.toString(), "--qmail", qmail.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals("cleared 0 entries\n", r.stdout());
        assertEquals(List.of(), listOf(elsewhere.resolve("state")), "nothing was made in the current directory");
    }

    private static List<Path> listOf(Path directory) throws Exception {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.toList();
        }
    }
}
