package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Installation;
import vchkrcpt.testing.Helper.Result;

/** scripts/vchkrcpt where qmail puts it and under what qmail-smtpd's run file does to it. */
class LauncherTest {
    private static final String ACCOUNT_OK = "vchkrcpt: mail from <> to <joe@example.com> : account ok\n";

    @TempDir
    Path dir;

    private static void assertAccepted(Result r) {
        assertEquals(ACCOUNT_OK, r.stderr());
        assertEquals("", r.stdout());
        assertEquals(0, r.status());
    }

    /** The JVM did not give an answer: 111, and the launcher's last line says so. */
    private static void assertJvmFailure(Result r) {
        assertEquals(111, r.status(), r.stderr());
        assertEquals("", r.stdout());
        String[] lines = r.stderr().split("\n");
        assertTrue(lines[lines.length - 1].startsWith("vchkrcpt: fatal: the helper ended with status "), r.stderr());
        assertTrue(lines[lines.length - 1].endsWith("; answering 111 (try again later)"), r.stderr());
    }

    @Test
    void aRelativeCdbPathIsResolvedAgainstTheQmailHomeAsWorkingDirectory() throws Exception {
        Path qmail = Files.createDirectories(dir.resolve("var/qmail/control"));
        Files.copy(Env.EXAMPLE_CDB, qmail.resolve("validrcptto.cdb"));
        Map<String, String> env = Env.with(Env.helper("", "joe@example.com"), "VALIDRCPTTO_CDB", "control/validrcptto.cdb");
        assertAccepted(Helper.runCommand(List.of(Helper.PROGRAM.toString()), env, qmail.getParent()));
        // The same relative path from / does not exist: a temporary failure, not a rejection.
        Result r = Helper.helper(env);
        assertEquals(111, r.status());
        assertEquals("vchkrcpt: fatal: unable to open control/validrcptto.cdb (No such file or directory)\n", r.stderr());
    }

    @Test
    void throughSymlinksFromAnotherDirectory() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("var/qmail/bin"));
        Path absolute = Files.createSymbolicLink(bin.resolve("vchkrcpt"), Helper.PROGRAM);
        Path relative = Files.createSymbolicLink(bin.resolve("vchkrcpt-relative"), bin.relativize(Helper.PROGRAM));
        Path chained = Files.createSymbolicLink(dir.resolve("vchkrcpt-chained"), absolute);
        try {
            for (Path link : List.of(absolute, relative, chained)) {
                assertAccepted(Helper.runCommand(List.of(link.toString()), Env.helper("", "joe@example.com"), bin));
            }
        } finally {
            // JUnit would warn about links that point out of its directory.
            for (Path link : List.of(chained, relative, absolute)) {
                Files.delete(link);
            }
        }
    }

    @Test
    void aJvmThatCannotStartIsATemporaryFailure() throws Exception {
        Result r = Helper.helper(Env.with(Env.helper("", "joe@example.com"), "JAVA_TOOL_OPTIONS", "-Xss1k"));
        assertJvmFailure(r);
        assertTrue(r.stderr().contains("thread stack size specified is too small"), r.stderr());
    }

    @Test
    void theLaunchersOwnHeapCapOverridesJavaToolOptions() throws Exception {
        // -Xmx1k would stop the JVM; the helper's options come later on the command line and win.
        Result r = Helper.helper(Env.with(Env.helper("", "joe@example.com"), "JAVA_TOOL_OPTIONS", "-Xmx1k"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().endsWith("vchkrcpt: mail from <> to <joe@example.com> : account ok\n"), r.stderr());
    }

    @Test
    void aSoftAddressSpaceLimitIsRaisedAHardOneFarTooSmallIsATemporaryFailure() throws Exception {
        // daemontools' softlimit, as in qmail-smtpd's run file, sets only the soft limit.
        assertAccepted(Helper.runCommand(List.of("softlimit", "-a", "20000000", Helper.PROGRAM.toString()),
                Env.helper("", "joe@example.com"), Path.of("/")));
        // The shell's ulimit -v sets both limits: the launcher cannot raise the soft one.
        assertJvmFailure(Helper.shell("ulimit -v 20000 && exec \"$0\"", Env.helper("", "joe@example.com"),
                Path.of("/")));
    }

    @Test
    void aJvmThatDiesReportsOnStderrAndLeavesNoFileInTheWorkingDirectory() throws Exception {
        // A JVM agent that dereferences a null pointer while the JVM starts: a real crash (SIGSEGV).
        Path source = Files.writeString(dir.resolve("crash.c"),
                "int Agent_OnLoad(void *vm, char *options, void *reserved) { volatile int *p = 0; *p = 1; return 0; }\n");
        Path agent = dir.resolve("libcrash.so");
        Result compiled = Helper.runCommand(List.of("gcc", "-shared", "-fPIC", "-o", agent.toString(), source.toString()),
                Map.of(), dir);
        assertEquals(0, compiled.status(), compiled.stderr());
        Path qmail = Files.createDirectories(dir.resolve("var/qmail"));
        Result r = Helper.runCommand(List.of(Helper.PROGRAM.toString()), Env.with(Env.helper("", "joe@example.com"),
                "JAVA_TOOL_OPTIONS", "-agentpath:" + agent), qmail);
        assertJvmFailure(r);
        assertTrue(r.stderr().contains("# A fatal error has been detected by the Java Runtime Environment:"), r.stderr());
        try (var files = Files.list(qmail)) {
            assertEquals(List.of(), files.toList(), "no hs_err_pid*.log in qmail's home");
        }
    }

    /** A tree with the launcher and a fake java that ends as told by FAKE_END: a status or a signal. */
    private Path fakeTree() throws Exception {
        return Installation.fakeJava(dir.resolve("fake"),
                "#!/bin/sh",
                "echo \"fake java writes to its stdout\"",
                "read line && echo \"fake java read its stdin: $line\"",
                "case $FAKE_END in",
                "  SIG*) kill -s ${FAKE_END#SIG} $$ ;;",
                "esac",
                "exit $FAKE_END");
    }

    @Test
    void onlyZeroHundredAndHundredElevenPassAnythingElseBecomes111() throws Exception {
        Path launcher = fakeTree();
        for (String end : List.of("0", "100", "111", "1", "2", "3", "6", "99", "112", "120", "255",
                "SIGSEGV", "SIGKILL", "SIGABRT", "SIGTERM")) {
            // stdin is data here: the launcher must hand the JVM /dev/null instead.
            Result r = Helper.runCommand(List.of("/bin/sh", "-c", "echo 'RCPT TO:<x@y>' | \"$0\"", launcher.toString()),
                    Env.with(Env.helper("", "joe@example.com"), "FAKE_END", end), dir);
            assertEquals("", r.stdout(), end);
            assertTrue(r.stderr().startsWith("fake java writes to its stdout\n"), end + ": " + r.stderr());
            assertFalse(r.stderr().contains("fake java read"), end + ": " + r.stderr());
            if (List.of("0", "100", "111").contains(end)) {
                assertEquals(Integer.parseInt(end), r.status(), end);
                assertEquals("fake java writes to its stdout\n", r.stderr());
            } else {
                assertJvmFailure(r);
            }
        }
    }
}
