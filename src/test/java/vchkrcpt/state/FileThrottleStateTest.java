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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.testing.LockHolder;
import vchkrcpt.testing.OwnerOnly;

class FileThrottleStateTest {
    private static final int WINDOW = 3600;

    @TempDir
    Path dir;

    private long now = 1_800_000_000L;
    private final List<String> warnings = new ArrayList<>();

    private FileThrottleState state(String session, boolean writable) {
        return state(dir, session, writable, 10_000);
    }

    private FileThrottleState state(Path directory, String session, boolean writable, long lockTimeout) {
        return new FileThrottleState(new ThrottleStore(new StateDirectory(directory)), WINDOW, session, () -> now,
                line -> warnings.add(new String(line, StandardCharsets.UTF_8)), writable, lockTimeout);
    }

    private byte[] file() throws IOException {
        return Files.readAllBytes(dir.resolve(ThrottleStore.STATE));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eachCallSeesWhatTheEarlierOnesRecorded() throws Exception {
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
        assertEquals(List.of("throttle", "throttle.lock"), files(), "no temporary file left");
        assertEquals(3, ThrottleCodec.check(file()), "one write per decision that counts");
    }

    @Test
    void rejectionsExpireAfterTheWindow() {
        state(null, true).record("s@x", null, false);
        now += WINDOW - 1;
        assertEquals(1, state(null, true).senderRejections("s@x"));
        now += 1;
        assertEquals(0, state(null, true).senderRejections("s@x"));
    }

    @Test
    void aDecisionThatCountsNothingReadsAndWritesNothing() throws IOException {
        state("7:99", true).record(null, null, false);
        assertEquals(List.of(), files());
        FileThrottleState call = state("7:99", true);
        assertEquals(0, call.senderRejections("s@x"));
        call.record(null, null, false);
        assertEquals(List.of(), files());
    }

    @Test
    void aCorruptFileIsReportedReadAsEmptyAndReplaced() throws Exception {
        OwnerOnly.write(dir.resolve(ThrottleStore.STATE), "VCTS garbage".getBytes(StandardCharsets.US_ASCII));
        FileThrottleState call = state(null, true);
        assertEquals(0, call.senderRejections("s@x"));
        call.record(null, null, false);
        assertEquals(List.of("warning: throttle state " + dir.resolve(ThrottleStore.STATE)
                + " is corrupt (12 bytes, shorter than the header): starting afresh"), warnings);
        assertEquals(0, ThrottleCodec.decode(file()).entries().size());
        state(null, true).record("s@x", null, false);
        assertEquals(1, state(null, true).senderRejections("s@x"));
        assertEquals(1, warnings.size());
    }

    @Test
    void checkReadsButNeverWritesNorRepairs() throws Exception {
        state(null, true).record("s@x", null, false);
        byte[] before = file();
        FileThrottleState check = state(null, false);
        assertEquals(1, check.senderRejections("s@x"));
        check.record("s@x", "192.0.2.1", true);
        assertArrayEquals(before, file());

        OwnerOnly.write(dir.resolve(ThrottleStore.STATE), new byte[5]);
        FileThrottleState checkCorrupt = state(null, false);
        assertEquals(0, checkCorrupt.senderRejections("s@x"));
        checkCorrupt.record("s@x", null, false);
        assertArrayEquals(new byte[5], file());
        assertEquals(List.of("warning: throttle state " + dir.resolve(ThrottleStore.STATE)
                + " is corrupt (5 bytes, shorter than the header): ignored"), warnings);
    }

    @Test
    void aMissingDirectoryIsOneWarningAndNoThrottle() {
        Path missing = dir.resolve("missing");
        FileThrottleState call = state(missing, "7:99", true, 10_000);
        assertEquals(0, call.senderRejections("s@x"));
        assertEquals(0, call.sessionRejections());
        call.record("s@x", null, true);
        assertEquals(List.of("warning: throttle skipped: state directory " + missing + " does not exist"), warnings);
        assertFalse(Files.exists(missing));
    }

    @Test
    void aLockHeldPastTheTimeoutIsGivenUpWithAWarning() throws Exception {
        try (LockHolder _ = LockHolder.hold(dir.resolve(ThrottleStore.LOCK))) {
            FileThrottleState call = state(dir, null, true, 300);
            assertEquals(0, call.senderRejections("s@x"));
            long start = System.nanoTime();
            call.record("s@x", null, false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 300, millis + " ms");
        }
        assertEquals(List.of("warning: throttle not updated: " + dir.resolve(ThrottleStore.LOCK)
                + " stayed locked for 300 ms"), warnings);
        assertFalse(Files.exists(dir.resolve(ThrottleStore.STATE)));
        state(null, true).record("s@x", null, false);
        assertEquals(1, state(null, true).senderRejections("s@x"), "the lock is free again");
        assertEquals(1, warnings.size());
    }

    @Test
    void aWriterWaitsForTheLockAndThenWrites() throws Exception {
        Thread writer;
        try (LockHolder _ = LockHolder.hold(dir.resolve(ThrottleStore.LOCK))) {
            writer = new Thread(() -> state(null, true).record("s@x", null, false));
            writer.start();
            // Until it sleeps in the kernel: its timer is running.
            while (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("throttle lock timer"))) {
                Thread.sleep(1);
            }
            assertFalse(Files.exists(dir.resolve(ThrottleStore.STATE)));
        }
        writer.join();
        assertEquals(List.of(), warnings);
        assertEquals(1, state(null, true).senderRejections("s@x"));
    }

    @Test
    void readersNeedNoLockAndWritersNoneOfTheirs() throws Exception {
        state(null, true).record("s@x", null, false);
        try (LockHolder _ = LockHolder.hold(dir.resolve(ThrottleStore.LOCK))) {
            assertEquals(1, state(null, true).senderRejections("s@x"));
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void aLeftoverTemporaryFileIsReplaced() throws Exception {
        OwnerOnly.write(dir.resolve(ThrottleStore.TEMPORARY), new byte[] {'V', 'C'});
        state(null, true).record("s@x", null, false);
        assertEquals(List.of("throttle", "throttle.lock"), files());
        assertEquals(1, state(null, true).senderRejections("s@x"));
        assertEquals(List.of(), warnings);
    }
}
