package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;
import vchkrcpt.testing.ResidentServer;

/**
 * The helper's stdin and stdout are the client's SMTP socket. strace follows the launcher shell, the
 * JVM and all its threads, and names the file behind every descriptor ({@code -y}): whatever number
 * a descriptor has after dup2, none may read the helper's stdin or write its stdout, on any path.
 *
 * Descriptor numbers alone would mislead: the JVM writes its start-up errors to fd 1 and the shell
 * writes {@code echo >&2} through fd 1, but there fd 1 is a copy of stderr.
 */
class StdioTest {
    private static final Set<String> READS = Set.of("read", "readv", "preadv", "preadv2", "pread64", "recvfrom",
            "recvmsg", "recvmmsg");
    private static final Set<String> WRITES = Set.of("write", "writev", "pwritev", "pwritev2", "pwrite64", "sendto",
            "sendmsg", "sendmmsg", "sendfile", "splice");
    /** "PID syscall(FD<PATH>, ..." as strace -f -y writes it. */
    private static final Pattern CALL = Pattern.compile("(\\d+) +(\\w+)\\((\\d+)<([^>]*)>(.*)");

    @TempDir
    Path dir;

    /** Runs the helper under strace with stdin, stdout and stderr on files of their own. */
    private List<String> stdioCalls(String name, Map<String, String> env, int status) throws Exception {
        return stdioCalls(Helper.PROGRAM, name, env, status, 3);
    }

    private List<String> stdioCalls(Path program, String name, Map<String, String> env, int status, int minPids)
            throws Exception {
        Path in = Files.writeString(dir.resolve(name + ".stdin"), "RCPT TO:<joe@example.com>\r\nQUIT\r\n");
        Path out = dir.resolve(name + ".stdout");
        Path err = dir.resolve(name + ".stderr");
        Path trace = dir.resolve(name + ".strace");
        String script = "exec strace -f -qq -y -s 64 -o \"$1\" -e trace=" + String.join(",", READS) + ","
                + String.join(",", WRITES) + " \"$0\" <\"$2\" >\"$3\" 2>\"$4\"";
        Result r = Helper.runCommand(List.of("/bin/sh", "-c", script, program.toString(), trace.toString(),
                in.toString(), out.toString(), err.toString()), env, Path.of("/"));
        String stderr = Files.readString(err);
        assertEquals(status, r.status(), name + ": " + stderr + r.stderr());
        if (program.equals(Helper.PROGRAM) || program.equals(ResidentServer.CLIENT)) {
            assertEquals("", Files.readString(out), name + ": stdout");
        }

        List<String> offending = new ArrayList<>();
        Set<String> pids = new TreeSet<>();
        int answers = 0;
        for (String line : Files.readAllLines(trace)) {
            Matcher m = CALL.matcher(line);
            if (!m.matches()) {
                continue;
            }
            pids.add(m.group(1));
            String call = m.group(2);
            String file = m.group(4);
            if ((READS.contains(call) && file.equals(in.toString())) || (WRITES.contains(call) && file.equals(out.toString()))) {
                offending.add(line);
            }
            if (WRITES.contains(call) && file.equals(err.toString()) && m.group(5).startsWith(", \"vchkrcpt: ")) {
                answers++;
            }
        }
        // The trace did see the shell, the JVM and its threads, and the line the helper wrote to stderr.
        assertTrue(pids.size() >= minPids, name + ": processes and threads traced: " + pids);
        assertTrue(answers >= 1, name + ": no vchkrcpt line written to stderr seen in the trace; stderr: " + stderr);
        return offending;
    }

    @Test
    void noPathReadsStdinOrWritesStdout() throws Exception {
        Map<String, String> accept = Env.helper("sender@remote.example", "joe@example.com");
        assertEquals(List.of(), stdioCalls("accept", accept, 0));
        assertEquals(List.of(), stdioCalls("reject", Env.helper("", "nobody@example.com"), 100));
        assertEquals(List.of(), stdioCalls("fatal", Env.with(accept, "VALIDRCPTTO_CDB", "/nonexistent.cdb"), 111));
        assertEquals(List.of(), stdioCalls("syslog-missing",
                Env.with(Env.with(accept, "VCHKRCPT_LOG", "both"), "VCHKRCPT_SYSLOG", "/nonexistent.sock"), 0));
        assertEquals(List.of(), stdioCalls("jvm-fails", Env.with(accept, "JAVA_TOOL_OPTIONS", "-Xss1k"), 111));
        assertEquals(List.of(), stdioCalls("jvm-crashes", Env.with(accept, "JAVA_TOOL_OPTIONS",
                "-Xshare:off -XX:MaxMetaspaceSize=3m -XX:+CrashOnOutOfMemoryError"), 111));
    }

    /** vchkrcpt-client with a real server, run by qmail-smtpd directly and through the launcher, and its fallback. */
    @Test
    void neitherDoesTheClientOfTheResidentChecker() throws Exception {
        Path socketDir = Files.createDirectory(dir.resolve("server"));
        try (ResidentServer server = ResidentServer.start(socketDir, Map.of("VALIDRCPTTO_CDB", Env.EXAMPLE_CDB.toString(),
                "VCHKRCPT_ALLOW", "/nonexistent/vchkrcpt-allow", "VCHKRCPT_LOG", "stderr"))) {
            Map<String, String> accept = server.clientEnv("SENDER", "sender@remote.example", "RECIPIENT", "joe@example.com");
            Path client = ResidentServer.CLIENT;
            assertEquals(List.of(), stdioCalls(client, "client-accept", accept, 0, 1));
            assertEquals(List.of(), stdioCalls(client, "client-reject", Env.with(accept, "RECIPIENT", "nobody@example.com"),
                    100, 1));
            assertEquals(List.of(), stdioCalls(client, "client-fault", Env.with(accept, "RECIPIENT", null), 111, 1));
            assertEquals(List.of(), stdioCalls(Helper.PROGRAM, "launcher-client", accept, 0, 2));
            assertEquals(0, server.stop());
            // No server: the client runs the launcher, which runs the JVM.
            assertEquals(List.of(), stdioCalls(client, "client-fallback", accept, 0, 3));
        }
    }

    @Test
    void theTraceCatchesAProgramThatDoesReadStdinOrWriteStdout() throws Exception {
        // The control: a careless helper that reads and writes the socket through copied descriptors.
        Path careless = Files.writeString(dir.resolve("careless"), String.join("\n",
                "#!/bin/sh",
                "exec 5<&0 6>&1",
                "read line <&5",
                "echo '250 ok' >&6",
                "echo 'vchkrcpt: done' >&2",
                ""));
        Files.setPosixFilePermissions(careless, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> calls = stdioCalls(careless, "careless", Map.of(), 0, 1);
        assertTrue(calls.stream().anyMatch(c -> c.matches("\\d+ +read\\(\\d+<.*/careless\\.stdin>.*")), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.matches("\\d+ +write\\(\\d+<.*/careless\\.stdout>, \"250 ok.*")),
                calls.toString());
    }
}
