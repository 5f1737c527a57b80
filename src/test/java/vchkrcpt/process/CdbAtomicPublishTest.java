package vchkrcpt.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vchkrcpt.cdb.CdbWriter;
import vchkrcpt.testing.Helper;
import vchkrcpt.testing.Helper.Result;

/**
 * validrcptto.cdb is rebuilt over and over while helpers read it: each helper must find the file
 * whole, old or new, and answer as every version of it says (no 111, no wrong verdict).
 */
class CdbAtomicPublishTest {
    private static final int REBUILDS = 100;
    private static final int MIN_HELPERS = 20;

    @TempDir
    Path dir;

    @Test
    void helpersNeverSeeAMissingOrPartialFileWhileItIsRebuilt() throws Exception {
        Path cdb = dir.resolve("validrcptto.cdb");
        rebuild(cdb, 0);

        // Two helper threads run helpers back to back for as long as the rebuilds go on, so every
        // rebuild overlaps helpers however fast either side is.
        AtomicBoolean rebuildsDone = new AtomicBoolean();
        AtomicInteger helpersRun = new AtomicInteger();
        List<String> wrongAnswers = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(pool.submit(() -> {
                while (!rebuildsDone.get() || helpersRun.get() < MIN_HELPERS) {
                    int i = helpersRun.getAndIncrement();
                    String recipient = RECIPIENTS[i % RECIPIENTS.length];
                    Result r = Helper.helper(Map.of("RECIPIENT", recipient, "SENDER", "someone@example.net",
                            "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr"));
                    String line = "vchkrcpt: mail from <someone@example.net> to <" + recipient + "> : "
                            + REASONS[i % RECIPIENTS.length] + "\n";
                    if (r.status() != STATUSES[i % RECIPIENTS.length] || !r.stderr().equals(line)) {
                        wrongAnswers.add("helper " + i + ": status " + r.status() + ", " + r.stderr());
                    }
                }
                return null;
            }));
        }
        try {
            for (int version = 1; version <= REBUILDS; version++) {
                rebuild(cdb, version);
                Thread.sleep(20); // leave the second core to the helpers now and then
            }
        } finally {
            rebuildsDone.set(true);
            pool.shutdown();
        }
        for (Future<?> thread : threads) {
            thread.get();
        }
        assertEquals(List.of(), wrongAnswers);
        assertTrue(helpersRun.get() >= MIN_HELPERS, "helpers run: " + helpersRun.get());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(cdb), files.toList(), "no temporary file is left");
        }
    }

    private static final String[] RECIPIENTS = {"first@example.com", "last@example.com", "nobody@reject.example"};
    private static final String[] REASONS = {"account ok", "account ok", "catchall=bounce-no-mailbox"};
    private static final int[] STATUSES = {0, 0, 100};

    /**
     * One version of the file: the same answers, but a size that changes from version to version
     * (from 5 000 to 45 000 filler records), so a reader of a partial file would notice.
     */
    private static void rebuild(Path cdb, int version) throws IOException {
        try (CdbWriter writer = new CdbWriter(cdb)) {
            writer.add(bytes("first@example.com"), bytes("first"));
            writer.add(bytes("@reject.example"), bytes("-bounce-no-mailbox"));
            int fillers = 5_000 + (version % 5) * 10_000;
            for (int i = 0; i < fillers; i++) {
                writer.add(bytes("filler" + i + "@example.com"), bytes("v" + version));
            }
            writer.add(bytes("last@example.com"), bytes("last"));
            writer.commit();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
