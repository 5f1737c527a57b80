package vchkrcpt.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.LockHolder;

class FileThrottleStateTest {
    private static final int WINDOW = 3600;

    @TempDir
    Path dir;

    private long now = 1_800_000_000L;
    private final List<String> warnings = new ArrayList<>();

    private FileThrottleState state(String session, boolean writable) {
        return new FileThrottleState(new ThrottleFile(dir.toFile()), WINDOW, session, () -> now,
                line -> warnings.add(new String(line, StandardCharsets.UTF_8)), writable);
    }

    private ThrottleTable onDisk() throws IOException, CorruptState {
        return ThrottleCodec.decode(Files.readAllBytes(dir.resolve(ThrottleFile.STATE)));
    }

    @Test
    void eachCallSeesWhatTheEarlierOnesRecorded() {
        for (int i = 0; i < 3; i++) {
            FileThrottleState call = state("7:99", true);
            assertEquals(i, call.senderRejections("s@x"));
            assertEquals(i, call.sessionRejections());
            assertEquals(i, call.clientRejections("192.0.2.1"));
            call.record("s@x", "192.0.2.1", true);
            now += 10;
        }
        FileThrottleState later = state("7:99", true);
        assertEquals(3, later.senderRejections("s@x"));
        assertEquals(3, later.clientRejections("192.0.2.1"));
        assertEquals(3, later.sessionRejections());
        assertEquals(0, state("8:99", true).sessionRejections(), "another session");
        assertEquals(0, state(null, true).sessionRejections(), "no session known");
        assertEquals(List.of(), warnings);
    }

    @Test
    void rejectionsExpireAfterTheWindowAndLeaveTheFile() throws Exception {
        state(null, true).record("s@x", null, false);
        now += WINDOW - 1;
        assertEquals(1, state(null, true).senderRejections("s@x"));
        now += 1;
        assertEquals(0, state(null, true).senderRejections("s@x"));
        state(null, true).record("t@x", null, false);
        assertEquals(List.of("t@x"), onDisk().entries().stream().map(ThrottleTable.Entry::key).toList());
    }

    @Test
    void aDecisionThatCountsNothingWritesNothing() {
        FileThrottleState call = state("7:99", true);
        assertEquals(0, call.senderRejections("s@x"));
        call.record(null, null, false);
        assertFalse(Files.exists(dir.resolve(ThrottleFile.STATE)));
    }

    @Test
    void aCorruptFileIsReportedReadAsEmptyAndRewritten() throws Exception {
        Files.write(dir.resolve(ThrottleFile.STATE), "VCTS garbage".getBytes(StandardCharsets.US_ASCII));
        FileThrottleState call = state(null, true);
        assertEquals(0, call.senderRejections("s@x"));
        call.record(null, null, false);
        assertEquals(List.of("warning: throttle state " + dir.resolve(ThrottleFile.STATE)
                + " is corrupt (12 bytes, shorter than the header): starting afresh"), warnings);
        assertEquals(0, onDisk().entries().size());
    }

    @Test
    void checkReadsButNeverWritesNorRepairs() throws Exception {
        state(null, true).record("s@x", null, false);
        byte[] before = Files.readAllBytes(dir.resolve(ThrottleFile.STATE));
        FileThrottleState check = state(null, false);
        assertEquals(1, check.senderRejections("s@x"));
        check.record("s@x", "192.0.2.1", true);
        assertArrayEquals(before, Files.readAllBytes(dir.resolve(ThrottleFile.STATE)));

        Files.write(dir.resolve(ThrottleFile.STATE), new byte[5]);
        FileThrottleState checkCorrupt = state(null, false);
        assertEquals(0, checkCorrupt.senderRejections("s@x"));
        checkCorrupt.record("s@x", null, false);
        assertArrayEquals(new byte[5], Files.readAllBytes(dir.resolve(ThrottleFile.STATE)));
        assertTrue(warnings.get(0).endsWith("is corrupt (5 bytes, shorter than the header): ignored"), warnings.get(0));
    }

    @Test
    void aMissingDirectoryIsOneWarningAndNoThrottle() {
        Path missing = dir.resolve("missing");
        FileThrottleState call = new FileThrottleState(new ThrottleFile(missing.toFile()), WINDOW, "7:99", () -> now,
                line -> warnings.add(new String(line, StandardCharsets.UTF_8)), true);
        assertEquals(0, call.senderRejections("s@x"));
        assertEquals(0, call.sessionRejections());
        call.record("s@x", null, true);
        assertEquals(List.of("warning: throttle skipped: state directory " + missing + " does not exist"), warnings);
        assertFalse(Files.exists(missing));
    }

    @Test
    void aBusyLockIsGivenUpAfterTheTimeout() throws Exception {
        try (LockHolder holder = LockHolder.hold(dir.resolve(ThrottleFile.LOCK))) {
            FileThrottleState call = state(null, true);
            assertEquals(0, call.senderRejections("s@x"));
            long start = System.nanoTime();
            call.record("s@x", null, false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= FileThrottleState.LOCK_TIMEOUT_MILLIS && millis < FileThrottleState.LOCK_TIMEOUT_MILLIS + 150,
                    millis + " ms");
        }
        assertEquals(List.of("warning: throttle not updated: unable to lock " + dir.resolve(ThrottleFile.LOCK)
                + ": busy for more than 200 ms"), warnings);
        assertFalse(Files.exists(dir.resolve(ThrottleFile.STATE)));
        state(null, true).record("s@x", null, false);
        assertEquals(1, state(null, true).senderRejections("s@x"), "the lock is free again");
    }
}
