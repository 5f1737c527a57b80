package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vchkrcpt.process.ThrottleFixture.decision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleStore;
import vchkrcpt.state.ThrottleTable;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.OwnerOnly;

/**
 * State faults: the verdicts are those without the throttle, each call says so in one warning
 * line, never waits, and a damaged file is replaced. The sender below would be throttled if the
 * state worked.
 */
class ThrottleFaultTest {
    private static final String SENDER = "probe@spam.example";

    @TempDir
    Path dir;

    private ThrottleFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ThrottleFixture(dir);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A state in which SENDER (no client address) is at the limit: a working throttle refuses its next recipient. */
    private byte[] throttledState() {
        byte[] file = null;
        for (int i = 0; i < 3; i++) {
            file = ThrottleCodec.record(file, new byte[] {ThrottleTable.SENDER}, new String[] {SENDER}, now(), 3600,
                    64 * 1024);
        }
        return file;
    }

    private Helper.Result call(String recipient) throws Exception {
        return Helper.helper(fixture.env(SENDER, recipient));
    }

    private static List<String> lines(Helper.Result r) {
        return List.of(r.stderr().split("\n"));
    }

    @Test
    void aWorkingStateThrottles() throws Exception {
        OwnerOnly.write(fixture.stateFile(), throttledState());
        Helper.Result r = call("valid@x.example");
        assertEquals(111, r.status());
        assertEquals(decision(SENDER, "valid@x.example", "spammer=bounce-no-mailbox"), r.stderr());
    }

    @Test
    void aMissingDirectory() throws Exception {
        Map<String, String> env = Map.of("VCHKRCPT_STATE_DIR", dir.resolve("missing").toString());
        for (int i = 0; i < 4; i++) {
            Helper.Result r = Helper.helper(Env.with(fixture.env(SENDER, "u" + i + "@x.example"), "VCHKRCPT_STATE_DIR",
                    env.get("VCHKRCPT_STATE_DIR")));
            assertEquals(100, r.status());
            assertEquals(List.of(
                    "vchkrcpt: warning: throttle skipped: state directory " + dir.resolve("missing") + " does not exist",
                    decision(SENDER, "u" + i + "@x.example", "catchall=bounce-no-mailbox").trim()), lines(r));
        }
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    /**
     * A directory the helper cannot write. Root writes anywhere, so as root the helper runs without
     * the capabilities that let it (it stays uid 0: it can still run the program from a checkout
     * that only root may enter).
     */
    @Test
    void aReadOnlyDirectory() throws Exception {
        Files.setPosixFilePermissions(fixture.state, PosixFilePermissions.fromString("r-x------"));
        List<String> command = new ArrayList<>();
        if (Env.root()) {
            command.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"));
        }
        command.add(Helper.PROGRAM.toString());
        for (int i = 0; i < 4; i++) {
            Helper.Result r = Helper.runCommand(command, fixture.env(SENDER, "u" + i + "@x.example"), Path.of("/"));
            assertEquals(100, r.status(), r.stderr());
            assertEquals(List.of(decision(SENDER, "u" + i + "@x.example", "catchall=bounce-no-mailbox").trim(),
                    "vchkrcpt: warning: throttle not updated: unable to create "
                            + fixture.state.resolve("throttle.lock") + ": Permission denied"), lines(r));
        }
        Helper.Result r = Helper.runCommand(command, fixture.env(SENDER, "valid@x.example"), Path.of("/"));
        assertEquals(0, r.status(), r.stderr());
        assertEquals(decision(SENDER, "valid@x.example", "account ok"), r.stderr());
        Files.setPosixFilePermissions(fixture.state, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aFifoInPlaceOfTheStateIsSkippedNotWaitedFor() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", fixture.stateFile().toString()).start().waitFor());
        Map<String, String> env = fixture.env(SENDER, "u@x.example");
        env.put("VCHKRCPT_DEADLINE", "300");
        Helper.Result r = Helper.helper(env);
        assertEquals(100, r.status(), r.stderr());
        assertEquals(List.of("vchkrcpt: warning: throttle skipped: " + fixture.stateFile()
                + " is a FIFO, not a regular file: refusing it",
                decision(SENDER, "u@x.example", "catchall=bounce-no-mailbox").trim()), lines(r));
    }

    @Test
    void aTruncatedFileIsReportedTreatedAsEmptyAndReplaced() throws Exception {
        byte[] good = throttledState();
        Random random = new Random(20261128);
        for (int i = 0; i < 5; i++) {
            int length = random.nextInt(good.length);
            damaged(Arrays.copyOf(good, length), length + " bytes, ");
        }
    }

    @Test
    void aFileOfGarbageIsReportedTreatedAsEmptyAndReplaced() throws Exception {
        Random random = new Random(4);
        for (int i = 0; i < 3; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4000)];
            random.nextBytes(garbage);
            damaged(garbage, "");
        }
    }

    private void damaged(byte[] content, String reasonStart) throws Exception {
        try (var files = Files.list(fixture.state)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        OwnerOnly.write(fixture.stateFile(), content);
        Helper.Result r = call("valid@x.example");
        assertEquals(0, r.status(), "as without the throttle: " + r.stderr());
        List<String> lines = lines(r);
        assertEquals(2, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("vchkrcpt: warning: throttle state " + fixture.stateFile() + " is corrupt ("
                + reasonStart) && lines.get(0).endsWith("): starting afresh"), lines.get(0));
        assertEquals(decision(SENDER, "valid@x.example", "account ok").trim(), lines.get(1));
        assertEquals(0, fixture.table().entries().size(), "replaced, empty");

        Helper.Result next = call("u@x.example");
        assertEquals(decision(SENDER, "u@x.example", "catchall=bounce-no-mailbox"), next.stderr(), "no more warnings");
        assertEquals(1, fixture.count(ThrottleTable.SENDER, SENDER));
    }

    @Test
    void aFullDisk() throws Exception {
        // RLIMIT_FSIZE 0: every write to a file fails with EFBIG as on a full disk; stderr is a pipe.
        Path script = dir.resolve("no-space");
        Files.writeString(script, "#!/bin/sh\nulimit -f 0\nexec " + Helper.PROGRAM + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        OwnerOnly.write(fixture.stateFile(), throttledState());
        Map<String, String> env = fixture.env("other@spam.example", "u@x.example");
        env.put("VALIDRCPTTO_LIMIT", "0");
        byte[] before = Files.readAllBytes(fixture.stateFile());
        Helper.Result r = runWithPipes(script, env);
        assertEquals(100, r.status());
        assertEquals(List.of(decision("other@spam.example", "u@x.example", "catchall=bounce-no-mailbox").trim(),
                "vchkrcpt: warning: throttle not updated: unable to write " + fixture.state.resolve(ThrottleStore.TEMPORARY)
                        + ": File too large"), lines(r));
        assertTrue(Arrays.equals(before, Files.readAllBytes(fixture.stateFile())), "the table stays");
        assertFalse(Files.exists(fixture.state.resolve(ThrottleStore.TEMPORARY)), "nothing half-written left");
    }

    /** Runs {@code program} in place of scripts/vchkrcpt with its output on pipes (a file limit stops files only). */
    private static Helper.Result runWithPipes(Path program, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(program.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        return new Helper.Result(p.waitFor(), out, err);
    }
}
