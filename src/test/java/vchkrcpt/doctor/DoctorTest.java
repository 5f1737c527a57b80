package vchkrcpt.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Rsyslog;
import vchkrcpt.testing.TestCdb;

/**
 * {@code vchkrcpt doctor} run as the admin runs it, on a service that is right and on services broken
 * in one way each: its exit status and the line that names the fault. As root it tries things as
 * the SMTP user {@code nobody}; otherwise the SMTP user is the user running the tests.
 */
class DoctorTest {
    private static Path syslogDir;
    private static Rsyslog rsyslog;

    @TempDir
    Path dir;

    private ServiceTree tree;

    @BeforeAll
    static void startSyslog() throws Exception {
        syslogDir = Files.createTempDirectory("vchkrcpt-doctor-syslog");
        open(syslogDir);
        rsyslog = Rsyslog.start(syslogDir, "UTC");
    }

    @AfterAll
    static void stopSyslog() throws Exception {
        rsyslog.close();
        try (var files = Files.walk(syslogDir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @BeforeEach
    void service() throws Exception {
        open(dir);
        tree = new ServiceTree(dir, smtpUser(), rsyslog.socket());
    }

    @AfterEach
    void unlink() throws IOException {
        tree.unlink();
    }

    private static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static String smtpUser() throws IOException {
        return root() ? "nobody" : System.getProperty("user.name");
    }

    private static void open(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What doctor printed and its exit status. */
    private record Outcome(int status, List<String> lines, String stderr) {
        String line(String level, String topic) {
            String start = String.format("%-8s %s: ", level, topic);
            for (String line : lines) {
                if (line.startsWith(start)) {
                    return line;
                }
            }
            fail("no line starting with '" + start + "' in:\n" + String.join("\n", lines) + "\n" + stderr);
            return null;
        }

        void assertLine(String level, String topic, String... parts) {
            String line = line(level, topic);
            for (String part : parts) {
                assertTrue(line.contains(part), "'" + part + "' not in: " + line);
            }
        }

        @Override
        public String toString() {
            return status + "\n" + String.join("\n", lines) + "\n" + stderr;
        }
    }

    private Outcome doctor() throws Exception {
        return doctorAs(tree.user);
    }

    private Outcome doctorAs(String user) throws Exception {
        List<String> command = List.of(Helper.PROGRAM.toString(), "doctor", "--envdir", tree.env.toString(),
                "--qmail", tree.qmail.toString(), "--user", user);
        return outcome(Helper.runCommand(command, Map.of("VCHKRCPT_STATE_DIR", tree.state.toString()), Path.of("/")));
    }

    private static Outcome outcome(Helper.Result r) {
        return new Outcome(r.status(), List.of(r.stdout().split("\n")), r.stderr());
    }

    private Outcome failsWith(String topic, String... parts) throws Exception {
        Outcome outcome = doctor();
        assertEquals(111, outcome.status(), outcome.toString());
        outcome.assertLine("FAIL", topic, parts);
        return outcome;
    }

    private Outcome warns(String topic, String... parts) throws Exception {
        Outcome outcome = doctor();
        assertEquals(0, outcome.status(), outcome.toString());
        outcome.assertLine("warning", topic, parts);
        return outcome;
    }

    @Test
    void aRightServiceIsAllOk() throws Exception {
        Outcome outcome = doctor();
        assertEquals(0, outcome.status(), outcome.toString());
        for (String line : outcome.lines()) {
            assertTrue(line.startsWith("ok "), outcome.toString());
        }
        outcome.assertLine("ok", "settings", "cdb control/validrcptto.cdb", "log syslog", "sender limit 3 per 3600 s");
        outcome.assertLine("ok", "program", "RCPTCHECK=" + tree.qmail.resolve("bin/vchkrcpt"), "runs " + tree.build,
                "through " + tree.dir.resolve("prefix/current"));
        outcome.assertLine("ok", "build", tree.build + " is complete");
        outcome.assertLine("ok", "qmail-smtpd", "Soffian's RCPTCHECK patch", "outside clients only");
        outcome.assertLine("ok", "cdb", tree.cdb + ": 3 keys");
        outcome.assertLine("ok", "cdb age");
        outcome.assertLine("ok", "rcpthosts", "each of the 2 received domains has keys");
        outcome.assertLine("ok", "user", tree.user);
        outcome.assertLine("ok", "program access", "is executable as " + tree.user);
        outcome.assertLine("ok", "cdb access", "is readable as " + tree.user);
        outcome.assertLine("ok", "allow-list", "/var/qmail/control/vchkrcpt-allow does not exist");
        outcome.assertLine("ok", "state directory", "is writable as " + tree.user);
        outcome.assertLine("ok", "trial", "as " + tree.user, "joe@example.com accepted (exit 0)",
                "vchkrcptdoctortrial@example.com refused (exit 100)");
        outcome.assertLine("ok", "syslog", rsyslog.socket() + " took the trial's log lines as " + tree.user);
        assertTrue(Files.readString(rsyslog.messages()).contains(
                "mail.info vchkrcpt: mail from <> to <vchkrcptdoctortrial@example.com> : catchall=none"));
    }

    @Test
    void settingThatDoesNotParse() throws Exception {
        tree.set("VCHKRCPT_THROTTLE_LIMIT", "3x");
        failsWith("settings", "VCHKRCPT_THROTTLE_LIMIT is 3x", "every recipient gets 421");
    }

    @Test
    void noRcptcheck() throws Exception {
        tree.set("RCPTCHECK", null);
        failsWith("program", "qmail-smtpd runs no vchkrcpt: RCPTCHECK is not set");
    }

    @Test
    void programMissing() throws Exception {
        Files.delete(tree.qmail.resolve("bin/vchkrcpt"));
        failsWith("program", tree.qmail.resolve("bin/vchkrcpt") + " does not exist");
    }

    @Test
    void aCopyOfTheLauncher() throws Exception {
        Path program = tree.qmail.resolve("bin/vchkrcpt");
        Files.delete(program);
        Files.copy(Helper.PROGRAM, program);
        failsWith("program", "is in no vchkrcpt build, a copy", "ln -sf PREFIX/current/vchkrcpt " + program);
    }

    @Test
    void theLauncherOfASourceTree() throws Exception {
        tree.set("RCPTCHECK", Helper.PROGRAM.toString());
        warns("program", "the build of a source tree", "scripts/install");
    }

    @Test
    void aBuildNamedDirectlyIsNotUpgraded() throws Exception {
        tree.set("RCPTCHECK", tree.build.resolve("vchkrcpt").toString());
        warns("program", "an upgrade will not reach it");
    }

    @Test
    void incompleteBuild() throws Exception {
        Files.delete(tree.build.resolve("vchkrcpt.jar"));
        failsWith("build", "is incomplete", tree.build.resolve("vchkrcpt.jar") + " missing");
    }

    @Test
    void staleAotCache() throws Exception {
        ServiceTree.touch(tree.build.resolve("vchkrcpt.aot"), -3600);
        warns("build", "an AOT cache older than the jar or helper.jvm");
    }

    @Test
    void noAotCache() throws Exception {
        Files.delete(tree.build.resolve("vchkrcpt.aot"));
        warns("build", "no AOT cache");
    }

    @Test
    void eachFamilyIsRecognised() throws Exception {
        tree.smtpd(ServiceTree.JMS1);
        doctor().assertLine("warning", "qmail-smtpd", "jms1's combined patch 7.x");
        tree.smtpd(ServiceTree.SAGREDO);
        doctor().assertLine("ok", "qmail-smtpd", "sagredo's qmail", "qmail-spp (on with ENABLE_SPP)");
    }

    @Test
    void aQmailSmtpdWithoutRcptcheck() throws Exception {
        tree.smtpd(ServiceTree.NO_CHECK);
        failsWith("qmail-smtpd", "it ignores RCPTCHECK", "install a qmail-smtpd with the RCPTCHECK or qmail-spp patch");
        tree.smtpd(ServiceTree.SPP_ONLY);
        failsWith("qmail-smtpd", "it ignores RCPTCHECK", "list vchkrcpt under [rcpt] in control/smtpplugins");
    }

    @Test
    void exit113OnlyForSagredo() throws Exception {
        tree.set("VCHKRCPT_LIMIT_EXIT", "113");
        failsWith("qmail-smtpd", "exit 113 accepts the recipient");
        tree.smtpd(ServiceTree.SAGREDO);
        Outcome sagredo = doctor();
        assertEquals(0, sagredo.status(), sagredo.toString());
    }

    @Test
    void jms1WithItsOwnValidrcpttoCheck() throws Exception {
        tree.smtpd(ServiceTree.JMS1);
        warns("qmail-smtpd", "jms1's own validrcptto check refuses unknown recipients");
    }

    @Test
    void sppPluginInsteadOfRcptcheck() throws Exception {
        tree.set("RCPTCHECK", null);
        Files.writeString(tree.qmail.resolve("control/smtpplugins"), "[rcpt]\n" + tree.qmail.resolve("bin/vchkrcpt") + "\n");
        tree.smtpd(ServiceTree.SPP_ONLY);
        Outcome spp = doctor();
        assertEquals(0, spp.status(), spp.toString());
        spp.assertLine("ok", "program", "the plugin " + tree.qmail.resolve("bin/vchkrcpt"));
        spp.assertLine("ok", "trial", "joe@example.com accepted (exit 0)", "refused (exit 0, E553 sorry, no mailbox");

        tree.smtpd(ServiceTree.SAGREDO);
        failsWith("qmail-smtpd", "qmail-spp is off without ENABLE_SPP");
        tree.set("ENABLE_SPP", "1");
        tree.set("RCPTCHECK", tree.qmail.resolve("bin/vchkrcpt").toString());
        failsWith("qmail-smtpd", "each recipient is checked and counted twice");
    }

    @Test
    void cdbMissing() throws Exception {
        Files.delete(tree.cdb);
        failsWith("cdb", tree.cdb + " does not exist", "vchkrcpt scan");
    }

    @Test
    void cdbOfZeros() throws Exception {
        Files.write(tree.cdb, new byte[4096]);
        failsWith("cdb", "unable to read " + tree.cdb + " as a cdb");
    }

    @Test
    void cdbWithoutKeys() throws Exception {
        TestCdb.write(tree.cdb);
        failsWith("cdb", "holds no keys");
    }

    @Test
    void upperCaseKeysNeverMatch() throws Exception {
        TestCdb.write(tree.cdb, "Joe@example.com", "joe", "sales@example.com", "alias", "@example.org", "-bounce-no-mailbox");
        warns("cdb", "1 of 3 keys have upper-case letters (Joe@example.com)");
    }

    @Test
    void cdbOlderThanAControlFile() throws Exception {
        ServiceTree.touch(tree.qmail.resolve("control/rcpthosts"), 60);
        warns("cdb age", "is older than " + tree.qmail.resolve("control/rcpthosts"));
    }

    @Test
    void cdbOlderThanAVpasswdFile() throws Exception {
        Path domain = Files.createDirectories(dir.resolve("vpopmail/domains/example.com"));
        Files.createDirectories(tree.qmail.resolve("users"));
        Files.writeString(tree.qmail.resolve("users/assign"),
                "+example.com-:example.com:89:89:" + domain + ":-::\n.\n");
        Files.writeString(domain.resolve("vpasswd"), "joe:x:1:0:Joe:" + domain + "/joe:NOQUOTA\n");
        ServiceTree.touch(tree.qmail.resolve("users/assign"), -60);
        ServiceTree.touch(domain, -60);
        ServiceTree.touch(domain.resolve("vpasswd"), 60);
        warns("cdb age", "is older than " + domain.resolve("vpasswd"));
    }

    @Test
    void aReceivedDomainWithoutKeys() throws Exception {
        Files.writeString(tree.qmail.resolve("control/rcpthosts"), "example.com\nexample.org\nforgotten.example\n");
        ServiceTree.touch(tree.qmail.resolve("control/rcpthosts"), -60);
        failsWith("rcpthosts", "1 of 3 received domains have no key", "forgotten.example");
    }

    @Test
    void unknownSmtpUser() throws Exception {
        Outcome outcome = doctorAs("no-such-user-vchkrcpt");
        assertEquals(111, outcome.status(), outcome.toString());
        outcome.assertLine("FAIL", "user", "there is no user no-such-user-vchkrcpt", "--user");
    }

    @Test
    void cdbNotReadableByTheSmtpUser() throws Exception {
        Files.setPosixFilePermissions(tree.cdb, PosixFilePermissions.fromString("-w-------"));
        Outcome outcome = doctor();
        assertEquals(111, outcome.status(), outcome.toString());
        if (root()) {
            outcome.assertLine("ok", "cdb", "3 keys");   // root reads it; the SMTP user does not
        }
        outcome.assertLine("FAIL", "cdb access", tree.cdb + " is not readable as " + tree.user);
    }

    @Test
    void allowListNotReadable() throws Exception {
        Path allow = Files.writeString(tree.qmail.resolve("control/vchkrcpt-allow"), "boss@partner.example\n");
        Files.setPosixFilePermissions(allow, PosixFilePermissions.fromString("-w-------"));
        tree.set("VCHKRCPT_ALLOW", allow.toString());
        failsWith("allow-list", allow + " is not readable as " + tree.user);
    }

    @Test
    void stateDirectoryMissingOrNotWritable() throws Exception {
        tree.set("VCHKRCPT_STATE_DIR", dir.resolve("nothing").toString());
        failsWith("state directory", dir.resolve("nothing") + " does not exist", "install -d -o " + tree.user);
        tree.set("VCHKRCPT_STATE_DIR", tree.state.toString());
        Files.setPosixFilePermissions(tree.state, PosixFilePermissions.fromString("r-x------"));
        failsWith("state directory", tree.state + " is not writable as " + tree.user);
    }

    @Test
    void throttleOffNeedsNoStateDirectory() throws Exception {
        tree.set("VCHKRCPT_STATE_DIR", dir.resolve("nothing").toString());
        for (String limit : List.of("VCHKRCPT_THROTTLE_LIMIT", "VALIDRCPTTO_LIMIT", "VCHKRCPT_IP_LIMIT")) {
            tree.set(limit, "0");
        }
        Outcome outcome = doctor();
        assertEquals(0, outcome.status(), outcome.toString());
        outcome.assertLine("ok", "state directory", "the throttle and the harvest limits are off");
    }

    @Test
    void syslogSocketMissing() throws Exception {
        tree.set("VCHKRCPT_SYSLOG", dir.resolve("no-syslog").toString());
        failsWith("syslog", "unable to log to " + dir.resolve("no-syslog"), "set VCHKRCPT_LOG=stderr");
    }

    @Test
    void aProgramThatWritesToTheSmtpClient() throws Exception {
        Path launcher = tree.build.resolve("vchkrcpt");
        Files.writeString(launcher, "#!/bin/sh\necho 'hello, client'\nexit 0\n");
        failsWith("trial", "joe@example.com accepted (exit 0, hello, client)",
                "it wrote to stdout, which is the SMTP client's connection");
    }

    @Test
    void aProgramThatFailsForTheSmtpUser() throws Exception {
        Files.setPosixFilePermissions(tree.build.resolve("helper.jvm"), PosixFilePermissions.fromString("-w-------"));
        Outcome outcome = failsWith("trial", "joe@example.com answered (exit 111)", "expected exit 0",
                "vchkrcpt: fatal: the helper ended with status 1");
        if (root()) {
            outcome.assertLine("ok", "build", "is complete");   // complete, but not for the SMTP user
        }
    }

    @Test
    void notRootTriesAsItself() throws Exception {
        assumeTrue(root() || !System.getProperty("user.name").equals("root"));
        List<String> command = new ArrayList<>();
        String other = "root";
        if (root()) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(Helper.PROGRAM.toString(), "doctor", "--envdir", tree.env.toString(), "--qmail",
                tree.qmail.toString(), "--user", other));
        Helper.Result r = Helper.runCommand(command, Map.of("VCHKRCPT_STATE_DIR", tree.state.toString()), Path.of("/"));
        assumeTrue(!r.stderr().contains("not built"), "the project is not readable by user 65534 here");
        outcome(r).assertLine("warning", "user", "doctor is not root", "run doctor as root to try it as root");
    }

    @Test
    void anEnvdirThatCannotBeRead() throws Exception {
        Files.createDirectory(tree.env.resolve("SUBDIRECTORY"));
        Outcome outcome = doctor();
        assertEquals(111, outcome.status(), outcome.toString());
        assertTrue(outcome.stderr().contains("vchkrcpt: fatal: unable to read the envdir " + tree.env + ": "
                + tree.env.resolve("SUBDIRECTORY") + ": not a regular file (a directory)"), outcome.stderr());
    }

    @Test
    void theEnvdirOverridesTheEnvironment() throws Exception {
        tree.set("VCHKRCPT_LOG", "stderr");
        Helper.Result r = Helper.runCommand(List.of(Helper.PROGRAM.toString(), "doctor", "--envdir", tree.env.toString(),
                "--qmail", tree.qmail.toString(), "--user", tree.user),
                Map.of("VCHKRCPT_STATE_DIR", "/nonexistent", "VCHKRCPT_LOG", "both"), Path.of("/"));
        Outcome outcome = outcome(r);
        assertEquals(0, outcome.status(), outcome.toString());
        outcome.assertLine("ok", "settings", "log stderr", "state directory " + tree.state);
        outcome.assertLine("ok", "syslog", "not used: VCHKRCPT_LOG=stderr");
    }

    @Test
    void aCopyOfABuildsLauncher() throws Exception {
        // Replacing the program by a copy of the build's own launcher: it runs, but no upgrade reaches it.
        Path program = tree.qmail.resolve("bin/vchkrcpt");
        Files.delete(program);
        Files.copy(tree.build.resolve("vchkrcpt"), program, StandardCopyOption.COPY_ATTRIBUTES);
        failsWith("program", "is in no vchkrcpt build, a copy");
    }
}
