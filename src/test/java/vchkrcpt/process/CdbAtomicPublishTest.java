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
    private static final int HELPERS = 48;

    @TempDir
    Path dir;

    @Test
    void helpersNeverSeeAMissingOrPartialFileWhileItIsRebuilt() throws Exception {
        Path cdb = dir.resolve("validrcptto.cdb");
        rebuild(cdb, 0);

        AtomicBoolean helpersDone = new AtomicBoolean();
        AtomicInteger rebuilds = new AtomicInteger();
        AtomicInteger rebuildsDuringHelpers = new AtomicInteger();
        List<Throwable> rebuildFailures = new ArrayList<>();
        Thread rebuilder = Thread.ofPlatform().start(() -> {
            try {
                while (!helpersDone.get() || rebuilds.get() < REBUILDS) {
                    rebuild(cdb, rebuilds.incrementAndGet());
                    if (!helpersDone.get()) {
                        rebuildsDuringHelpers.incrementAndGet();
                    }
                    Thread.sleep(20); // leave the second core to the helpers now and then
                }
            } catch (Throwable t) {
                rebuildFailures.add(t);
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Result>> results = new ArrayList<>();
        for (int i = 0; i < HELPERS; i++) {
            String recipient = RECIPIENTS[i % RECIPIENTS.length];
            results.add(pool.submit(() -> Helper.helper(Map.of("RECIPIENT", recipient, "SENDER", "someone@example.net",
                    "VALIDRCPTTO_CDB", cdb.toString(), "VCHKRCPT_LOG", "stderr"))));
        }
        try {
            for (int i = 0; i < HELPERS; i++) {
                Result r = results.get(i).get();
                String recipient = RECIPIENTS[i % RECIPIENTS.length];
                String line = "vchkrcpt: mail from <someone@example.net> to <" + recipient + "> : " + REASONS[i % RECIPIENTS.length] + "\n";
                assertEquals(line, r.stderr(), "helper " + i);
                assertEquals(STATUSES[i % RECIPIENTS.length], r.status(), "helper " + i + ": " + r.stderr());
            }
        } finally {
            pool.shutdown();
            helpersDone.set(true);
            rebuilder.join();
        }
        assertEquals(List.of(), rebuildFailures);
        assertTrue(rebuilds.get() >= REBUILDS, "rebuilds: " + rebuilds.get());
        assertTrue(rebuildsDuringHelpers.get() >= HELPERS, "the file was rebuilt only " + rebuildsDuringHelpers.get()
                + " times while " + HELPERS + " helpers ran");
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
