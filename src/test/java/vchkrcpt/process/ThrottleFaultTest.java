package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vchkrcpt.process.ThrottleFixture.decision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.state.ThrottleCodec;
import vchkrcpt.state.ThrottleTable;
import vchkrcpt.testing.Helper;

/**
 * State faults: the verdicts are those without the throttle, each call says so in one warning
 * line, and a damaged file is repaired. The sender below would be throttled if the state worked.
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

    /** A state in which SENDER is at the limit: a working throttle rejects its next recipient. */
    private byte[] throttledState() {
        ThrottleTable table = new ThrottleTable();
        for (int i = 0; i < 3; i++) {
            table.add(ThrottleTable.SENDER, SENDER, now());
        }
        return ThrottleCodec.encode(table);
    }

    private Helper.Result call(String recipient, Map<String, String> extra, List<String> args) throws Exception {
        Map<String, String> env = fixture.env(SENDER, recipient);
        env.putAll(extra);
        return Helper.run(env, args);
    }

    private static List<String> lines(Helper.Result r) {
        return List.of(r.stderr().split("\n"));
    }

    @Test
    void aWorkingStateThrottles() throws Exception {
        Files.write(fixture.stateFile(), throttledState());
        Helper.Result r = call("valid@x.example", Map.of(), List.of());
        assertEquals(100, r.status());
        assertEquals(decision(SENDER, "valid@x.example", "spammer=bounce-no-mailbox"), r.stderr());
    }

    @Test
    void aMissingDirectory() throws Exception {
        Map<String, String> env = Map.of("VCHKRCPT_STATE_DIR", dir.resolve("missing").toString());
        for (int i = 0; i < 4; i++) {
            Helper.Result r = call("u" + i + "@x.example", env, List.of());
            assertEquals(100, r.status());
            assertEquals(List.of(
                    "vchkrcpt: warning: throttle skipped: state directory " + dir.resolve("missing") + " does not exist",
                    decision(SENDER, "u" + i + "@x.example", "catchall=bounce-no-mailbox").trim()), lines(r));
        }
        assertEquals(0, call("valid@x.example", env, List.of()).status());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void aReadOnlyDirectory() throws Exception {
        // Root writes anywhere: then the helper runs as nobody, as a helper would under the wrong owner.
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        List<String> asOther = root ? List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups") : List.of();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(fixture.state, PosixFilePermissions.fromString("r-xr-xr-x"));
        for (int i = 0; i < 4; i++) {
            Helper.Result r = runAs(asOther, "u" + i + "@x.example");
            assertEquals(100, r.status(), r.stderr());
            assertEquals(List.of(decision(SENDER, "u" + i + "@x.example", "catchall=bounce-no-mailbox").trim(),
                    "vchkrcpt: warning: throttle not updated: unable to open "
                            + fixture.state.resolve("throttle.journal.0") + " (Permission denied)"), lines(r));
        }
        Helper.Result r = runAs(asOther, "valid@x.example");
        assertEquals(0, r.status(), r.stderr());
        assertEquals(decision(SENDER, "valid@x.example", "account ok"), r.stderr());
    }

    private Helper.Result runAs(List<String> asOther, String recipient) throws Exception {
        if (asOther.isEmpty()) {
            return call(recipient, Map.of(), List.of());
        }
        // setpriv runs the launcher: its parent (the session) is setpriv's, which does not matter here.
        Map<String, String> env = fixture.env(SENDER, recipient);
        Path script = dir.resolve("as-nobody");
        Files.writeString(script, "#!/bin/sh\nexec " + String.join(" ", asOther) + " " + Helper.PROGRAM + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return run(script, env);
    }

    /** Runs {@code program} in place of scripts/vchkrcpt, the way Helper does. */
    private static Helper.Result run(Path program, Map<String, String> env) throws Exception {
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

    @Test
    void aTruncatedFileIsReportedTreatedAsEmptyAndRepaired() throws Exception {
        byte[] good = throttledState();
        Random random = new Random(20261128);
        for (int i = 0; i < 5; i++) {
            int length = random.nextInt(good.length);
            damaged(Arrays.copyOf(good, length), length + " bytes, ");
        }
    }

    @Test
    void aFileOfGarbageIsReportedTreatedAsEmptyAndRepaired() throws Exception {
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
        Files.write(fixture.stateFile(), content);
        Helper.Result r = call("valid@x.example", Map.of(), List.of());
        assertEquals(0, r.status(), "as without the throttle: " + r.stderr());
        List<String> lines = lines(r);
        assertEquals(2, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("vchkrcpt: warning: throttle state " + fixture.stateFile() + " is corrupt ("
                + reasonStart) && lines.get(0).endsWith("): starting afresh"), lines.get(0));
        assertEquals(decision(SENDER, "valid@x.example", "account ok").trim(), lines.get(1));
        assertEquals(0, fixture.base().entries().size(), "rewritten, empty");

        Helper.Result next = call("u@x.example", Map.of(), List.of());
        assertEquals(decision(SENDER, "u@x.example", "catchall=bounce-no-mailbox"), next.stderr(), "no more warnings");
        assertEquals(1, fixture.table().count(ThrottleTable.SENDER, SENDER, now(), 3600));
    }

    @Test
    void aFullDisk() throws Exception {
        // RLIMIT_FSIZE 0: every write to a file fails with EFBIG as on a full disk; stderr is a pipe.
        Path script = dir.resolve("no-space");
        Files.writeString(script, "#!/bin/sh\nulimit -f 0\nexec " + Helper.PROGRAM + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Files.write(fixture.stateFile(), throttledState());
        Map<String, String> env = fixture.env("other@spam.example", "u@x.example");
        env.put("VALIDRCPTTO_LIMIT", "0");
        byte[] before = Files.readAllBytes(fixture.stateFile());
        Helper.Result r = run(script, env);
        assertEquals(100, r.status());
        Path journal = fixture.state.resolve("throttle.journal.0");
        assertEquals(List.of(decision("other@spam.example", "u@x.example", "catchall=bounce-no-mailbox").trim(),
                "vchkrcpt: warning: throttle not updated: unable to write " + journal + ": File too large"), lines(r));
        assertTrue(Arrays.equals(before, Files.readAllBytes(fixture.stateFile())), "the base stays");
        assertEquals(0, Files.size(journal), "nothing half-written");
    }
}
