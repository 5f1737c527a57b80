package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Installation;

/**
 * Whatever the helper is stuck on, VCHKRCPT_DEADLINE seconds after it started it answers 111, with
 * the refusal on fd 4 (USE_FD4) and nothing on stdout. The stalls are real system calls that block:
 * the open(2) of a file under a lease, as a hung file server stalls it, and a write(2) to a full log
 * pipe, as a multilog stalled on a full disk leaves it.
 */
class DeadlineTest {
    private static final int DEADLINE = 2;
    /** Well below what would end the stall without the deadline (the lease: 45 s). */
    private static final long WITHIN_MILLIS = (DEADLINE + 10) * 1000L;

    /**
     * Holds a write lease on the file named by its argument: the kernel then blocks every other
     * process's open(2) of it until the lease is given up (or /proc/sys/fs/lease-break-time ends).
     * SIGIO, the news of a waiting opener, is ignored. Prints "leased", gives up at end of input.
     */
    private static final String LEASE_HOLDER = String.join("\n",
            "import fcntl, os, signal, sys",
            "signal.signal(signal.SIGIO, signal.SIG_IGN)",
            "fd = os.open(sys.argv[1], os.O_RDONLY)",
            "try:",
            "    fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_WRLCK)",
            "except OSError as e:",
            "    print('no lease: %s' % e, flush=True)",
            "    sys.exit(0)",
            "print('leased', flush=True)",
            "sys.stdin.read()",
            "");

    /**
     * Fills its stderr (a pipe that nobody reads) to the last byte, then runs its arguments: the
     * helper's first write to stderr blocks.
     */
    private static final String FULL_STDERR = String.join("\n",
            "import os, sys",
            "os.set_blocking(2, False)",
            "try:",
            "    while True:",
            "        os.write(2, b'x' * 512)",
            "except BlockingIOError:",
            "    pass",
            "try:",
            "    while True:",
            "        os.write(2, b'x')",
            "except BlockingIOError:",
            "    pass",
            "os.set_blocking(2, True)",
            "os.execv(sys.argv[1], sys.argv[1:])",
            "");

    /** Runs $0 with fd 4 a pipe whose text lands in $2; its exit status goes to $1 and is the shell's. */
    private static final String WITH_FD4 = "exec 3>&1; { \"$0\" 4>&1 1>&3 3>&-; echo $? >\"$1\"; } | cat >\"$2\";"
            + " exit \"$(cat \"$1\")\"";
    /** As qmail-spp runs a plugin: stdin closed, stdout a pipe (its text lands in $2). */
    private static final String AS_PLUGIN = "{ \"$0\" <&-; echo $? >\"$1\"; } | cat >\"$2\"; exit \"$(cat \"$1\")\"";

    @TempDir
    Path dir;

    /**
     * Starts the helper as qmail-smtpd would (clean environment, USE_FD4 with fd 4 a pipe), stdout
     * to a file, stderr as given, after {@code before} (a wrapper that execs its arguments).
     */
    private Process start(Path cdb, ProcessBuilder.Redirect stderr, String... before) throws Exception {
        return start(Helper.PROGRAM, WITH_FD4, Env.helper("sender@remote.example", "joe@example.com"), cdb, stderr, before);
    }

    private Process start(Path program, String script, Map<String, String> variables, Path cdb,
            ProcessBuilder.Redirect stderr, String... before) throws Exception {
        Files.createDirectories(dir.resolve("state"));
        List<String> command = new ArrayList<>(List.of(before));
        command.addAll(List.of("/bin/sh", "-c", script, program.toString(), dir.resolve("status").toString(),
                dir.resolve("fd4").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(Path.of("/dev/null").toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(stderr);
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(variables);
        env.put("PATH", "/usr/bin:/bin");
        env.put("LC_ALL", "C");
        env.put("VALIDRCPTTO_CDB", cdb.toString());
        env.put("VCHKRCPT_STATE_DIR", dir.resolve("state").toString());
        env.put("VCHKRCPT_DEADLINE", Integer.toString(DEADLINE));
        env.put("USE_FD4", "1");
        return pb.start();
    }

    private void assertAnsweredByTheDeadline(int status, long millis) throws Exception {
        assertEquals(111, status);
        assertTrue(millis >= DEADLINE * 1000L, "the call was not stalled: " + millis + " ms");
        assertTrue(millis < WITHIN_MILLIS, "answered after " + millis + " ms");
        assertEquals("", Files.readString(dir.resolve("stdout")), "stdout is the client's SMTP socket");
        assertEquals("451 unable to verify recipient (#4.3.0)\r\n", Files.readString(dir.resolve("fd4")));
    }

    /** Runs {@code stalled} while another process holds a lease on a copy of the example cdb. */
    private void withLeasedCdb(StalledCall stalled) throws Exception {
        Path cdb = Files.copy(Env.EXAMPLE_CDB, dir.resolve("validrcptto.cdb"));
        Process holder = new ProcessBuilder("python3", "-c", LEASE_HOLDER, cdb.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assumeTrue("leased".equals(ready), "file leases do not work here: " + ready);
            stalled.run(cdb);
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
            holder.destroy();
        }
    }

    private interface StalledCall {
        void run(Path cdb) throws Exception;
    }

    @Test
    void aStalledOpenOfTheCdb() throws Exception {
        withLeasedCdb(cdb -> {
            Path err = dir.resolve("stderr");
            long start = System.nanoTime();
            Process helper = start(cdb, ProcessBuilder.Redirect.to(err.toFile()));
            assertTrue(helper.waitFor(60, TimeUnit.SECONDS), "no answer within 60 s");
            assertAnsweredByTheDeadline(helper.exitValue(), (System.nanoTime() - start) / 1_000_000);
            // The alarm (JNI library) ends the JVM; the launcher gives the answer, then the line in the
            // background (the log pipe may be what is stuck), so it may come a moment after the exit.
            String line = "vchkrcpt: fatal: no answer within VCHKRCPT_DEADLINE seconds; answering 111 (try again later)\n";
            long until = System.nanoTime() + 10_000_000_000L;
            while (!Files.readString(err).equals(line) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(line, Files.readString(err));
        });
    }

    @Test
    void withoutTheJniLibraryAWatchdogThreadAnswers() throws Exception {
        Installation copy = Installation.copy(dir.resolve("copy"));
        try {
            Files.delete(copy.syslogLibrary());
            withLeasedCdb(cdb -> {
                Path err = dir.resolve("stderr");
                long start = System.nanoTime();
                Process helper = start(copy.program(), WITH_FD4, Env.helper("sender@remote.example", "joe@example.com"),
                        cdb, ProcessBuilder.Redirect.to(err.toFile()));
                assertTrue(helper.waitFor(60, TimeUnit.SECONDS), "no answer within 60 s");
                assertAnsweredByTheDeadline(helper.exitValue(), (System.nanoTime() - start) / 1_000_000);
                assertEquals("vchkrcpt: fatal: no answer within VCHKRCPT_DEADLINE=2 s\n", Files.readString(err));
            });
        } finally {
            copy.unlink();
        }
    }

    @Test
    void aPluginAnswersE451() throws Exception {
        Map<String, String> plugin = Env.with(Env.with(Env.helper("sender@remote.example", "joe@example.com"),
                "RECIPIENT", null), "SENDER", null);
        plugin.put("SMTPRCPTTO", "joe@example.com");
        plugin.put("SMTPMAILFROM", "sender@remote.example");
        withLeasedCdb(cdb -> {
            Process helper = start(Helper.PROGRAM, AS_PLUGIN, plugin, cdb, ProcessBuilder.Redirect.DISCARD);
            assertTrue(helper.waitFor(WITHIN_MILLIS, TimeUnit.MILLISECONDS), "no answer in time");
            assertEquals(0, helper.exitValue());
            assertEquals("E451 unable to verify recipient (#4.3.0)\n", Files.readString(dir.resolve("fd4")));
        });
    }

    @Test
    void aDeadlineThatIsNotANumberIsAFault() throws Exception {
        for (String value : List.of("0", "3601", "ten", "-1")) {
            Helper.Result r = Helper.helper(Env.with(Env.helper("", "joe@example.com"), "VCHKRCPT_DEADLINE", value));
            assertEquals(111, r.status(), value);
            assertEquals("vchkrcpt: fatal: VCHKRCPT_DEADLINE is " + value + ": use a whole number from 1 to 3600\n",
                    r.stderr());
        }
    }

    @Test
    void aFullLogPipe() throws Exception {
        // stderr: a pipe of this test, not read while the helper runs. The decision line blocks there.
        long start = System.nanoTime();
        Process helper = start(Env.EXAMPLE_CDB, ProcessBuilder.Redirect.PIPE, "python3", "-c", FULL_STDERR);
        try {
            boolean ended = helper.waitFor(WITHIN_MILLIS, TimeUnit.MILLISECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ended, "no answer within " + WITHIN_MILLIS + " ms while stderr was full");
            assertAnsweredByTheDeadline(helper.exitValue(), millis);
        } finally {
            helper.getErrorStream().close();
            helper.destroy();
            helper.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
