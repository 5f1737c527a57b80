package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Installation;

/**
 * qmail-smtpd waits for the helper without a timeout: past VCHKRCPT_DEADLINE the helper answers 111
 * whatever it is stuck on. Stuck here: the service's log pipe is full and nobody drains it (multilog
 * stalled on a full disk), so the helper's decision line blocks. The test drains it only after
 * several deadlines have passed; a helper without a deadline would then give its verdict instead.
 */
class DeadlineTest {
    private static final long DRAIN_AFTER_MILLIS = 6_000;

    @TempDir
    Path dir;

    private record Stuck(int status, String reply, String stderr) {
    }

    /** Runs the program with stderr a full pipe and fd 4 a pipe; drains stderr after a while. */
    private Stuck withFullLogPipe(Path program, Map<String, String> env) throws Exception {
        // 64 KiB fills a Linux pipe; the program inherits a full one.
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                "head -c 65536 /dev/zero >&2 && exec \"$0\" 4>&1", program.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        Thread.sleep(DRAIN_AFTER_MILLIS);
        byte[] stderr = readAll(p.getErrorStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program ended");
        String log = new String(stderr, 65536, stderr.length - 65536, StandardCharsets.UTF_8);
        return new Stuck(p.exitValue(), new String(reply.get(), StandardCharsets.UTF_8), log);
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, String> env() throws Exception {
        Map<String, String> env = Env.with(Env.helper("a@b.example", "nobody@example.com"), "USE_FD4", "1");
        env.put("VCHKRCPT_DEADLINE", "1");
        env.put("VCHKRCPT_STATE_DIR", Files.createDirectories(dir.resolve("state")).toString());
        return env;
    }

    @Test
    void theAlarmEndsAStuckHelperAndTheLauncherAnswers() throws Exception {
        Stuck stuck = withFullLogPipe(Helper.PROGRAM, env());
        assertEquals(111, stuck.status(), stuck.stderr());
        assertEquals("451 unable to verify recipient (#4.3.0)\r\n", stuck.reply(), stuck.stderr());
        assertTrue(stuck.stderr().endsWith("vchkrcpt: fatal: no answer within VCHKRCPT_DEADLINE seconds;"
                + " answering 111 (try again later)\n"), stuck.stderr());
    }

    @Test
    void withoutTheJniLibraryAWatchdogThreadAnswers() throws Exception {
        Installation copy = Installation.copy(dir.resolve("copy"));
        try {
            Files.delete(copy.syslogLibrary());
            Stuck stuck = withFullLogPipe(copy.program(), env());
            assertEquals(111, stuck.status(), stuck.stderr());
            assertEquals("451 unable to verify recipient (#4.3.0)\r\n", stuck.reply(), stuck.stderr());
            assertTrue(stuck.stderr().endsWith("vchkrcpt: fatal: no answer within VCHKRCPT_DEADLINE=1 s\n"),
                    stuck.stderr());
        } finally {
            copy.unlink();
        }
    }

    @Test
    void aPluginAnswersE451() throws Exception {
        Map<String, String> env = Env.with(Env.with(env(), "RECIPIENT", null), "SENDER", null);
        env.put("SMTPRCPTTO", "nobody@example.com");
        env.put("SMTPMAILFROM", "a@b.example");
        // stdout is qmail-spp's pipe; fd 4 (a copy of it here) is not read in this variant.
        Stuck stuck = withFullLogPipe(Helper.PROGRAM, env);
        assertEquals(0, stuck.status(), stuck.stderr());
        assertEquals("E451 unable to verify recipient (#4.3.0)\n", stuck.reply(), stuck.stderr());
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
}
