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

    private ThrottleTable base() throws IOException, CorruptState {
        return ThrottleCodec.decode(Files.readAllBytes(dir.resolve(ThrottleFile.STATE)));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
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
    void rejectionsExpireAfterTheWindow() {
        state(null, true).record("s@x", null, false);
        now += WINDOW - 1;
        assertEquals(1, state(null, true).senderRejections("s@x"));
        now += 1;
        assertEquals(0, state(null, true).senderRejections("s@x"));
    }

    @Test
    void aDecisionThatCountsNothingWritesNothing() throws IOException {
        FileThrottleState call = state("7:99", true);
        assertEquals(0, call.senderRejections("s@x"));
        call.record(null, null, false);
        assertEquals(List.of(), files());
    }

    @Test
    void aLongJournalIsFoldedIntoTheBaseAndExpiredEntriesLeave() throws Exception {
        state(null, true).record("old@x", null, false);
        now += WINDOW;
        int calls = 0;
        while (!Files.exists(dir.resolve(ThrottleFile.STATE))) {
            state("7:99", true).record("s@x", "192.0.2.1", true);
            calls++;
        }
        // Events of 11 bytes plus the key: old@x 16, then 14 + 20 + 15 per call.
        assertTrue(16 + calls * 49 > FileThrottleState.COMPACT_AT, calls + " calls");
        assertTrue(16 + (calls - 1) * 49 <= FileThrottleState.COMPACT_AT, calls + " calls");
        assertEquals(List.of("throttle", "throttle.journal.1", "throttle.lock"), files());
        ThrottleTable base = base();
        assertEquals(1, base.generation());
        assertEquals(calls, base.count(ThrottleTable.SENDER, "s@x", now, WINDOW));
        assertEquals(calls, base.count(ThrottleTable.SESSION, "7:99", now, WINDOW));
        assertEquals(3, base.entries().size(), "old@x expired at the compaction");

        state("7:99", true).record("s@x", null, true);
        FileThrottleState later = state("7:99", true);
        assertEquals(calls + 1, later.senderRejections("s@x"));
        assertEquals(calls + 1, later.sessionRejections());
        assertEquals(calls, later.clientRejections("192.0.2.1"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aCorruptBaseIsReportedReadAsEmptyAndRewritten() throws Exception {
        Files.write(dir.resolve(ThrottleFile.STATE), "VCTS garbage".getBytes(StandardCharsets.US_ASCII));
        FileThrottleState call = state(null, true);
        assertEquals(0, call.senderRejections("s@x"));
        call.record(null, null, false);
        assertEquals(List.of("warning: throttle state " + dir.resolve(ThrottleFile.STATE)
                + " is corrupt (12 bytes, shorter than the header): starting afresh"), warnings);
        assertEquals(0, base().entries().size());
        state(null, true).record("s@x", null, false);
        assertEquals(1, state(null, true).senderRejections("s@x"));
        assertEquals(1, warnings.size());
    }

    @Test
    void aCorruptBaseLosesItsOwnCountsButNotTheJournals() throws Exception {
        state(null, true).record("s@x", null, false);
        state(null, true).record("s@x", null, false);
        Files.write(dir.resolve(ThrottleFile.STATE), new byte[100]);
        FileThrottleState call = state(null, true);
        assertEquals(2, call.senderRejections("s@x"));
        call.record("s@x", null, false);
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(3, base().count(ThrottleTable.SENDER, "s@x", now, WINDOW));
        assertEquals(List.of("throttle", "throttle.journal.1", "throttle.lock"), files());
    }

    @Test
    void aCorruptJournalKeepsItsGoodEventsAndIsRewritten() throws Exception {
        for (int i = 0; i < 3; i++) {
            state(null, true).record("s@x", null, false);
        }
        Path journal = dir.resolve(ThrottleFile.JOURNAL + "0");
        byte[] bytes = Files.readAllBytes(journal);
        bytes[bytes.length - 1] ^= 1;
        Files.write(journal, bytes);
        FileThrottleState call = state(null, true);
        assertEquals(2, call.senderRejections("s@x"));
        call.record("s@x", null, false);
        assertEquals(List.of("warning: throttle state " + journal + " is corrupt (checksum mismatch at byte "
                + bytes.length * 2 / 3 + "): starting afresh"), warnings);
        assertEquals(3, base().count(ThrottleTable.SENDER, "s@x", now, WINDOW));
        assertFalse(Files.exists(journal));
    }

    @Test
    void checkReadsButNeverWritesNorRepairs() throws Exception {
        state(null, true).record("s@x", null, false);
        List<String> before = files();
        FileThrottleState check = state(null, false);
        assertEquals(1, check.senderRejections("s@x"));
        check.record("s@x", "192.0.2.1", true);
        assertEquals(before, files());
        assertEquals(1, state(null, true).senderRejections("s@x"));

        Files.write(dir.resolve(ThrottleFile.STATE), new byte[5]);
        FileThrottleState checkCorrupt = state(null, false);
        assertEquals(1, checkCorrupt.senderRejections("s@x"), "the journal still counts");
        checkCorrupt.record("s@x", null, false);
        assertArrayEquals(new byte[5], Files.readAllBytes(dir.resolve(ThrottleFile.STATE)));
        assertEquals(List.of("warning: throttle state " + dir.resolve(ThrottleFile.STATE)
                + " is corrupt (5 bytes, shorter than the header): ignored"), warnings);
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
    void aJournalClosedTooLongIsGivenUpAfterTheTimeout() throws Exception {
        Path journal = dir.resolve(ThrottleFile.JOURNAL + "0");
        // What a compaction holds while it closes the journal; here it never lets go.
        try (LockHolder _ = LockHolder.hold(journal, ThrottleFile.SLOTS_START, ThrottleFile.SLOTS)) {
            FileThrottleState call = state(null, true);
            assertEquals(0, call.senderRejections("s@x"));
            long start = System.nanoTime();
            call.record("s@x", null, false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= FileThrottleState.LOCK_TIMEOUT_MILLIS
                    && millis < FileThrottleState.LOCK_TIMEOUT_MILLIS + 150, millis + " ms");
        }
        assertEquals(List.of("warning: throttle not updated: unable to lock " + journal + ": busy for more than 200 ms"),
                warnings);
        assertEquals(0, Files.size(journal));
        state(null, true).record("s@x", null, false);
        assertEquals(1, state(null, true).senderRejections("s@x"), "the journal is free again");
    }

    @Test
    void helpersGoOnRecordingWhileTheAdminHoldsTheLock() throws Exception {
        try (LockHolder _ = LockHolder.hold(dir.resolve(ThrottleFile.LOCK))) {
            for (int i = 0; i < 3; i++) {
                state(null, true).record("s@x", null, false);
            }
            assertEquals(3, state(null, true).senderRejections("s@x"));
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void aRepairWaitsForTheLockNoLongerThanTheTimeout() throws Exception {
        Files.write(dir.resolve(ThrottleFile.STATE), new byte[5]);
        try (LockHolder _ = LockHolder.hold(dir.resolve(ThrottleFile.LOCK))) {
            FileThrottleState call = state(null, true);
            call.senderRejections("s@x");
            long start = System.nanoTime();
            call.record("s@x", null, false);
            assertTrue((System.nanoTime() - start) / 1_000_000 < FileThrottleState.LOCK_TIMEOUT_MILLIS + 150);
        }
        assertEquals(2, warnings.size(), warnings.toString());
        assertEquals("warning: throttle not updated: unable to rewrite " + dir.resolve(ThrottleFile.STATE)
                + ": locked for more than 200 ms", warnings.get(1));
    }
}
